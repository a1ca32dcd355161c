"""The typer CLI. No SQL and no diff logic here: commands call the workflows and print."""
