"""A real OTLP logs server for tests, built on the official opentelemetry-proto and grpcio.

Serves OTLP/gRPC (LogsService/Export, gzip) and OTLP/HTTP (POST .../v1/logs, protobuf or
JSON, gzip/deflate/zlib bodies). Every request is recorded in --out DIR:

  DIR/attempts/<seq>.json   one per request: time, transport, path, headers, records, answer
  DIR/received/<seq>.json   one per accepted request: the ExportLogsServiceRequest as OTLP/JSON
                            (lowerCamelCase, hex traceId/spanId, enums as integers)

Answers follow a response plan, one item per request in arrival order (the last item repeats):

  --plan "429:retry-after=3,200"      then 200 forever
  --plan-file PATH                    same syntax, re-read on every request (tests rewrite it)

An item is STATUS[:key=value...] with keys retry-after (seconds), message (the google.rpc.Status
message), partial (rejected log records in a 200 answer). For gRPC, 200 is OK, 400
INVALID_ARGUMENT, 429 RESOURCE_EXHAUSTED, 502/503/504 UNAVAILABLE, anything else INTERNAL; a
retry-after becomes a google.rpc.RetryInfo detail.

Binds 127.0.0.1 (port 0 unless --grpc-port/--http-port) and prints one JSON line on stdout:
{"grpc_port": N, "http_port": M}. Runs until SIGTERM/SIGINT.
"""
import argparse
import base64
import binascii
import gzip
import json
import os
import signal
import sys
import threading
import time
import zlib
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
from google.protobuf import any_pb2, duration_pb2, json_format
from google.rpc import error_details_pb2, status_pb2
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2, logs_service_pb2_grpc

GRPC_CODES = {200: grpc.StatusCode.OK, 400: grpc.StatusCode.INVALID_ARGUMENT,
              429: grpc.StatusCode.RESOURCE_EXHAUSTED, 502: grpc.StatusCode.UNAVAILABLE,
              503: grpc.StatusCode.UNAVAILABLE, 504: grpc.StatusCode.UNAVAILABLE}


class Recorder:
    """Numbers requests, picks the planned answer and writes the record files."""

    def __init__(self, out, plan, plan_file):
        self.out, self.plan, self.plan_file = out, plan, plan_file
        self.lock = threading.Lock()
        self.seq = 0
        os.makedirs(os.path.join(out, "attempts"), exist_ok=True)
        os.makedirs(os.path.join(out, "received"), exist_ok=True)

    def _items(self):
        text = self.plan
        if self.plan_file:
            try:
                with open(self.plan_file) as f:
                    text = f.read()
            except OSError:
                text = "200"
        items = [i.strip() for i in (text or "200").replace("\n", ",").split(",") if i.strip()]
        return items or ["200"]

    def next_answer(self):
        with self.lock:
            seq = self.seq
            self.seq += 1
            items = self._items()
        fields = items[min(seq, len(items) - 1)].split(":")
        answer = {"status": int(fields[0])}
        for option in fields[1:]:
            key, _, value = option.partition("=")
            answer[key] = value
        return seq, answer

    def _write(self, kind, seq, document):
        path = os.path.join(self.out, kind, "%06d.json" % seq)
        with open(path + ".tmp", "w") as f:
            json.dump(document, f)
        os.replace(path + ".tmp", path)

    def record(self, seq, transport, path, headers, request, answer):
        document = request_to_otlp_json(request) if request is not None else None
        records = count_records(request) if request is not None else 0
        self._write("attempts", seq, {"seq": seq, "time": time.time(), "transport": transport,
                                      "path": path, "headers": headers, "records": records,
                                      "answer": answer})
        if answer["status"] == 200 and document is not None:
            self._write("received", seq, document)


def count_records(request):
    return sum(len(sl.log_records) for rl in request.resource_logs for sl in rl.scope_logs)


def convert_ids(document, convert):
    for rl in document.get("resourceLogs", []):
        for sl in rl.get("scopeLogs", []):
            for record in sl.get("logRecords", []):
                for key in ("traceId", "spanId"):
                    if record.get(key):
                        record[key] = convert(record[key])


def request_to_otlp_json(request):
    """protobuf's JSON mapping, with OTLP's hex ids instead of base64."""
    document = json_format.MessageToDict(request, use_integers_for_enums=True)
    convert_ids(document, lambda b64: binascii.hexlify(base64.b64decode(b64)).decode())
    return document


def parse_otlp_json(body):
    """OTLP/JSON (hex ids) into the request; protobuf's ParseDict wants base64 ids."""
    document = json.loads(body)
    convert_ids(document, lambda hexid: base64.b64encode(binascii.unhexlify(hexid)).decode())
    request = logs_service_pb2.ExportLogsServiceRequest()
    json_format.ParseDict(document, request, ignore_unknown_fields=True)
    return request


def rpc_status(code, answer):
    status = status_pb2.Status(code=code, message=answer.get("message", "planned failure"))
    if "retry-after" in answer:
        detail = any_pb2.Any()
        delay = duration_pb2.Duration(seconds=int(answer["retry-after"]))
        detail.Pack(error_details_pb2.RetryInfo(retry_delay=delay))
        status.details.append(detail)
    return status


def export_response(answer):
    response = logs_service_pb2.ExportLogsServiceResponse()
    if "partial" in answer:
        response.partial_success.rejected_log_records = int(answer["partial"])
        response.partial_success.error_message = answer.get("message", "partially rejected")
    return response


class LogsServicer(logs_service_pb2_grpc.LogsServiceServicer):
    def __init__(self, recorder):
        self.recorder = recorder

    def Export(self, request, context):
        seq, answer = self.recorder.next_answer()
        headers = {k: (v if isinstance(v, str) else "<binary>") for k, v in context.invocation_metadata()}
        self.recorder.record(seq, "grpc", "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                             headers, request, answer)
        code = GRPC_CODES.get(answer["status"], grpc.StatusCode.INTERNAL)
        if code == grpc.StatusCode.OK:
            return export_response(answer)
        status = rpc_status(code.value[0], answer)
        context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
        context.abort(code, status.message)


def make_http_handler(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, content_type, body, extra=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            encoding = (self.headers.get("Content-Encoding") or "").lower()
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            is_json = content_type == "application/json"
            headers = {k.lower(): v for k, v in self.headers.items()}
            seq, answer = recorder.next_answer()
            try:
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding in ("deflate", "zlib"):
                    body = zlib.decompress(body)
                elif encoding not in ("", "identity"):
                    raise ValueError("unsupported Content-Encoding " + encoding)
                if is_json:
                    request = parse_otlp_json(body)
                else:
                    request = logs_service_pb2.ExportLogsServiceRequest.FromString(body)
            except Exception as err:  # a malformed request is a 400, recorded
                answer = {"status": 400, "message": "bad request: %s" % err}
                request = None
            recorder.record(seq, "http", self.path, headers, request, answer)
            status = answer["status"]
            if status == 200:
                response = export_response(answer)
                if is_json:
                    self.reply(200, "application/json", json_format.MessageToJson(response).encode())
                else:
                    self.reply(200, "application/x-protobuf", response.SerializeToString())
                return
            extra = [("Retry-After", answer["retry-after"])] if "retry-after" in answer else []
            status_message = rpc_status(GRPC_CODES.get(status, grpc.StatusCode.INTERNAL).value[0], answer)
            if is_json:
                self.reply(status, "application/json", json_format.MessageToJson(status_message).encode(), extra)
            else:
                self.reply(status, "application/x-protobuf", status_message.SerializeToString(), extra)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--plan", default="200")
    parser.add_argument("--plan-file")
    parser.add_argument("--grpc-port", type=int, default=0)
    parser.add_argument("--http-port", type=int, default=0)
    args = parser.parse_args()

    recorder = Recorder(args.out, args.plan, args.plan_file)
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=8),
                              compression=grpc.Compression.NoCompression)
    logs_service_pb2_grpc.add_LogsServiceServicer_to_server(LogsServicer(recorder), grpc_server)
    grpc_port = grpc_server.add_insecure_port("127.0.0.1:%d" % args.grpc_port)
    grpc_server.start()
    http_server = ThreadingHTTPServer(("127.0.0.1", args.http_port), make_http_handler(recorder))
    http_server.daemon_threads = True
    threading.Thread(target=http_server.serve_forever, daemon=True).start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(json.dumps({"grpc_port": grpc_port, "http_port": http_server.server_address[1]}), flush=True)
    stop.wait()
    http_server.shutdown()
    grpc_server.stop(grace=1).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
