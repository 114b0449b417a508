"""The scan stage of the data path: what drives extract → detect → classify → judge for a file.

`document` checks one file (bytes in, one judged `DocumentResult` out, containers recursed into);
`runner` spreads many files over worker processes with their time and memory limits; `checker`
runs one upload at a time in such a worker for the web app and the crawler.
"""
