RULEBOOK = {"id": "x"}
