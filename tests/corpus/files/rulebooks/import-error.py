from assessment_rules import Rulebook
import assessment_rules_plugin_that_is_not_installed
RULEBOOK = None  # never reached: the line above fails first
