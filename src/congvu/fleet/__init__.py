"""The worker fleet (issue 13): many machines judge one archive through RabbitMQ, with Celery.

`congvu submit` walks the paths as `congvu scan` does and puts one task per file on a durable
queue; the file travels by path (storage every worker can read), never through the broker.
`congvu worker` takes tasks and judges each file with the scanner's own harness (`scan.runner`: per-file
time and memory limits, the reader in a separate process), so a file gets the same result as from
`congvu scan`. Nothing is lost: messages are persistent and acknowledged only after the result is
sent (`acks_late`); a worker that dies hands its task back to the queue (`reject_on_worker_lost`).
Nothing is redelivered forever: the queues are RabbitMQ quorum queues, which count each message's
deliveries (`x-delivery-count`), and a file whose worker died `MAX_DELIVERIES - 1` times is
reported as an `error` result without being read again.
"""
