#!/usr/bin/env python3
"""An OpenAI-compatible model server for Forktale's tests, with faults on request.

It answers POST /v1/chat/completions with a page in the JSON shape Forktale asks for
(as many choices as the prompt asks), and GET /v1/models. Each answer follows the next
step of a script, set with POST /control {"script": ["429:1", "ok", ...]}; an empty
script answers "ok". Steps: ok, nousage, fenced, malformed, truncated, empty, 500, 503,
401, 403, 429:SECONDS, slow:SECONDS, cut (a body shorter than its length, then the
connection closes), wrongcount, noschema (a 400 for response_format, then ok), unsafe
(a page with blood in it, which the safety filter refuses).
GET /requests returns what was asked (paths and bodies), for the tests to read.
Usage: fault_server.py PORT [STEP ...] (the first script). Prints "PORT n" once
listening (port 0 picks a free one).
"""
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
script = []
requests = []


def page(body, step):
    user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
    if "title" in user and "summary" in user and "choices" not in user:
        return {"title": "The Test Adventure", "summary": "A story written by the test server."}
    match = re.search(r"exactly (\d+) choices?\b", user)
    count = int(match.group(1)) if match else 0
    if step == "wrongcount":
        count += 1
    unsafe = " There was blood on the floor." if step == "unsafe" else ""
    return {
        "text": "The hero walked on through the quiet wood, smiling at every bird that sang along the way. "
        "At the old bridge a friendly fox waved and pointed at two paths." + unsafe,
        "choices": [f"Go the way number {n + 1}" for n in range(count)],
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.endswith("/models"):
            self.send(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
        elif self.path == "/requests":
            with lock:
                self.send(200, requests)
        elif self.path == "/health":
            self.send(200, {"status": "ok"})
        else:
            self.send(404, {"error": "no such path"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/control":
            with lock:
                script[:] = body.get("script", [])
                requests.clear()
            self.send(200, {"ok": True})
            return
        with lock:
            step = script.pop(0) if script else "ok"
            requests.append({"path": self.path, "body": body, "step": step})
        name, _, argument = step.partition(":")
        if name == "noschema":
            if "response_format" in body:
                with lock:
                    script.insert(0, "ok")
                self.send(400, {"error": {"message": "response_format is not supported"}})
                return
            name = "ok"
        if name == "slow":
            time.sleep(float(argument or 5))
            name = "ok"
        if name in ("500", "503", "401", "403"):
            self.send(int(name), {"error": {"message": f"test fault {name}"}})
            return
        if name == "429":
            self.send(429, {"error": {"message": "slow down"}}, {"Retry-After": argument or "1"})
            return
        if name == "cut":
            data = json.dumps({"choices": [{"message": {"content": "{\"text\": \"half a"}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data) + 500))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        content = json.dumps(page(body, name))
        finish = "stop"
        if name == "fenced":
            content = "Here is the page you asked for:\n```json\n" + content + "\n```\nEnjoy!"
        elif name == "malformed":
            content = "{\"text\": \"a page, \"choices\": [oops"
        elif name == "truncated":
            content, finish = content[: len(content) // 2], "length"
        elif name == "empty":
            content = ""
        answer = {
            "id": "test", "object": "chat.completion", "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
        }
        if name != "nousage":
            answer["usage"] = {"prompt_tokens": 120, "completion_tokens": 45, "total_tokens": 165}
        self.send(200, answer)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    script[:] = sys.argv[2:]
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
