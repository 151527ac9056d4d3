from assessment_rules import Rulebook
RULEBOOK = Rulebook(
    "x", "题",
