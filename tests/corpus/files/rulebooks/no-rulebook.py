from assessment_rules import Rulebook

BOOK = None
