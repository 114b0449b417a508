from congvu.cli import main

main()
