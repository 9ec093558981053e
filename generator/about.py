"""Where diptych lives: the one place its public address is written."""

PROJECT_URL = "https://github.com/diptych/diptych"
"""The project's repository; the generated READMEs link to it."""
