from npa_schema.cli.app import run

run()
