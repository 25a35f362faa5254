#!/usr/bin/env python
import os
import sys

# Commands that read and write only the code (migrations, catalogues) use no secret and serve
# nobody: they run without the production secrets, as a newcomer or a CI step runs them. Every
# other command, like the web process, refuses to start in production without its secrets.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
