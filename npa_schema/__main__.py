from npa_schema.cli.app import main

main()
