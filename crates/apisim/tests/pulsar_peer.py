"""The Apache Pulsar Python client (C++ core) as an independent peer of the apisim broker double.

produce URL TOPIC N COMPRESSION [TOKEN]   batched producer; prints {"ids": [...]}
consume URL TOPIC SUB N [TOKEN]           receives N messages, acks each; prints {"messages": [...]}
Environment: PEER_OPERATION_TIMEOUT (seconds), PEER_TLS_CA (CA file for pulsar+ssl://).
"""
import json
import os
import sys

import pulsar

COMPRESSIONS = {
    "none": pulsar.CompressionType.NONE,
    "lz4": pulsar.CompressionType.LZ4,
    "zlib": pulsar.CompressionType.ZLib,
    "zstd": pulsar.CompressionType.ZSTD,
    "snappy": pulsar.CompressionType.SNAPPY,
}


def client(url, token):
    auth = pulsar.AuthenticationToken(token) if token else None
    tls = {}
    if os.environ.get("PEER_TLS_CA"):
        tls = {"tls_trust_certs_file_path": os.environ["PEER_TLS_CA"], "tls_validate_hostname": True}
    return pulsar.Client(
        url,
        authentication=auth,
        operation_timeout_seconds=int(os.environ.get("PEER_OPERATION_TIMEOUT", "30")),
        **tls,
    )


def produce(url, topic, n, compression, token=None):
    c = client(url, token)
    producer = c.create_producer(
        topic,
        batching_enabled=True,
        batching_max_messages=10,
        batching_max_publish_delay_ms=50,
        compression_type=COMPRESSIONS[compression],
    )
    ids = []
    for i in range(n):
        body = json.dumps({"eventType": "DB_CREATED", "seq": i, "pad": "x" * 40}).encode()
        producer.send_async(
            body,
            lambda res, mid: ids.append(str(mid)),
            partition_key="key-%d" % i,
            properties={"seq": str(i), "compression": compression},
            event_timestamp=1_700_000_000_000 + i,
        )
    producer.flush()
    producer.close()
    c.close()
    print(json.dumps({"ids": ids}))


def consume(url, topic, sub, n, token=None):
    c = client(url, token)
    consumer = c.subscribe(topic, sub, initial_position=pulsar.InitialPosition.Earliest)
    out = []
    for _ in range(n):
        m = consumer.receive(timeout_millis=60000)
        out.append(
            {
                "data": m.data().decode(),
                "key": m.partition_key(),
                "properties": m.properties(),
                "event_time": m.event_timestamp(),
                "redelivery_count": m.redelivery_count(),
            }
        )
        consumer.acknowledge(m)
    consumer.close()
    c.close()
    print(json.dumps({"messages": out}))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    try:
        if mode == "produce":
            produce(args[0], args[1], int(args[2]), args[3], *args[4:])
        elif mode == "consume":
            consume(args[0], args[1], args[2], int(args[3]), *args[4:])
        else:
            raise SystemExit("unknown mode " + mode)
    except pulsar.PulsarException as e:
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
        sys.exit(3)
