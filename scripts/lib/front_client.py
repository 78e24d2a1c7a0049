"""A small HTTP client for a Kickoff front (stdlib only), one keep-alive connection per thread.

Every call returns an Answer; a connection error is an Answer with code None and the error's text,
so load drivers can count it instead of dying.
"""
import http.client
import json
import threading
import urllib.parse


class Answer:
    def __init__(self, code=None, headers=None, body=b"", error=None):
        self.code = code
        self.headers = headers or {}
        self.body = body
        self.error = error

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Front:
    def __init__(self, url, key, timeout=15):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.key = key
        self.timeout = timeout
        self.local = threading.local()

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.local.connection = connection
        return connection

    def _drop(self):
        connection = getattr(self.local, "connection", None)
        if connection is not None:
            connection.close()
        self.local.connection = None

    def request(self, method, path, body=None, headers=None):
        all_headers = {"Authorization": f"Bearer {self.key}"}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
            body = json.dumps(body).encode()
        all_headers.update(headers or {})
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
            if response.getheader("connection", "").lower() == "close":
                self._drop()
            return answer
        except (OSError, http.client.HTTPException) as error:
            # A dead front, a reset or a timeout: the next request opens a new connection.
            self._drop()
            return Answer(error=f"{type(error).__name__}: {error}")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None, headers=None):
        return self.request("POST", path, body if body is not None else {}, headers)
