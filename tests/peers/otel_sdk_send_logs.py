"""Sends log records to an OTLP receiver with the official OpenTelemetry Python SDK.

Usage: otel_sdk_send_logs.py --protocol grpc|http --endpoint URL --count N --expected FILE

Writes the records it sent, as plain JSON, to FILE so the test can compare what our
collector wrote out field by field.
"""
import argparse
import json
import sys

from opentelemetry import trace
from opentelemetry._logs import SeverityNumber
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags


def exporter_for(protocol, endpoint):
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter

        return OTLPLogExporter(endpoint=endpoint, insecure=True, timeout=30)
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter

    return OTLPLogExporter(endpoint=endpoint, timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--protocol", required=True, choices=["grpc", "http"])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--expected", required=True)
    args = parser.parse_args()

    resource = Resource.create({"service.name": f"sdk-{args.protocol}", "deployment.environment": "test"})
    provider = LoggerProvider(resource=resource)
    provider.add_log_record_processor(
        BatchLogRecordProcessor(exporter_for(args.protocol, args.endpoint), max_export_batch_size=50)
    )
    logger = provider.get_logger("audit.sdk.test", "1.2.3")

    expected = []
    for i in range(args.count):
        trace_id = 0x5B8EFFF798038103D269B633813FC600 + i
        span_id = 0xEEE19B7EC3C1B100 + i
        ctx = trace.set_span_in_context(
            NonRecordingSpan(SpanContext(trace_id, span_id, is_remote=False, trace_flags=TraceFlags(1)))
        )
        body = {"action": "login", "seq": i, "ok": i % 2 == 0} if i % 3 == 0 else f"user {i} changed policy"
        attributes = {"enduser.id": f"user-{i}", "attempt": i, "ratio": i / 4, "admin": i % 2 == 1, "tags": ["a", "b"]}
        timestamp = 1_700_000_000_000_000_000 + i * 1_000_000
        logger.emit(
            timestamp=timestamp,
            observed_timestamp=timestamp + 5,
            context=ctx,
            severity_number=SeverityNumber.WARN if i % 2 else SeverityNumber.INFO,
            severity_text="WARN" if i % 2 else "INFO",
            body=body,
            attributes=attributes,
            event_name=f"audit.event.{i % 4}",
        )
        expected.append(
            {
                "seq": i,
                "time_unix_nano": timestamp,
                "observed_time_unix_nano": timestamp + 5,
                "severity_number": 13 if i % 2 else 9,
                "severity_text": "WARN" if i % 2 else "INFO",
                "body": body,
                "attributes": attributes,
                "event_name": f"audit.event.{i % 4}",
                "trace_id": f"{trace_id:032x}",
                "span_id": f"{span_id:016x}",
                "flags": 1,
            }
        )
    ok = provider.force_flush(60_000)
    provider.shutdown()
    with open(args.expected, "w") as f:
        json.dump({"resource": dict(resource.attributes), "records": expected}, f)
    if not ok:
        print("force_flush timed out", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
