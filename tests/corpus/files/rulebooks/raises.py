from assessment_rules import Rulebook

LIMIT = 1 / 0
