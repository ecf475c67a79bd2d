from agencydocs.cli import main

main()
