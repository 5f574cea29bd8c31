"""A relying party as a Python service would write it (the FastAPI tutorial's stack: the standard
library and PyJWT), signing its users in through Latchkey with the authorization code flow:
discovery, PKCE S256, state and nonce, the code exchanged with client_secret_basic, the ID token
verified against the JWKS (signature, ES256, iss, aud, exp, nonce), then userinfo.

    python3 e2e/servers/python-app.py <issuer> <client_id> <client_secret> <port>

GET /login starts a sign-in; GET /callback finishes it and shows who signed in."""

import base64
import hashlib
import html
import json
import secrets
import sys
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

ISSUER, CLIENT_ID, CLIENT_SECRET, PORT = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
REDIRECT_URI = f"http://127.0.0.1:{PORT}/callback"
DISCOVERY = json.load(urllib.request.urlopen(f"{ISSUER}/.well-known/openid-configuration"))
assert DISCOVERY["issuer"] == ISSUER
JWKS = jwt.PyJWKClient(DISCOVERY["jwks_uri"])
PENDING = {}  # state -> (code_verifier, nonce)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def post_form(url: str, fields: dict) -> dict:
    # client_secret_basic (RFC 6749 section 2.3.1): each part form-urlencoded, then Base64.
    credentials = f"{urllib.parse.quote(CLIENT_ID, safe='')}:{urllib.parse.quote(CLIENT_SECRET, safe='')}"
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()},
    )
    return json.load(urllib.request.urlopen(request))


class App(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/login":
            verifier, state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
            PENDING[state] = (verifier, nonce)
            challenge = b64url(hashlib.sha256(verifier.encode()).digest())
            params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "scope": "openid email",
                      "state": state, "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256"}
            self.send_response(302)
            self.send_header("Location", DISCOVERY["authorization_endpoint"] + "?" + urllib.parse.urlencode(params))
            self.end_headers()
        elif url.path == "/callback":
            verifier, nonce = PENDING.pop(query.get("state", ""), (None, None))
            if verifier is None or query.get("iss") != ISSUER or "code" not in query:
                return self.answer(400, f"Sign-in failed: {query.get('error', 'bad state')}")
            tokens = post_form(DISCOVERY["token_endpoint"], {"grant_type": "authorization_code", "code": query["code"],
                                                             "redirect_uri": REDIRECT_URI, "code_verifier": verifier})
            key = JWKS.get_signing_key_from_jwt(tokens["id_token"])
            # PyJWT checks exp, iat, iss and aud when present; `require` makes their absence a failure too.
            claims = jwt.decode(tokens["id_token"], key.key, algorithms=["ES256"], audience=CLIENT_ID, issuer=ISSUER,
                                options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]})
            if claims.get("nonce") != nonce:
                return self.answer(400, "Sign-in failed: nonce")
            userinfo = json.load(urllib.request.urlopen(urllib.request.Request(
                DISCOVERY["userinfo_endpoint"], headers={"Authorization": "Bearer " + tokens["access_token"]})))
            if userinfo["sub"] != claims["sub"]:
                return self.answer(400, "Sign-in failed: userinfo is about someone else")
            self.answer(200, f"Signed in as {userinfo['email']} ({' '.join(claims['amr'])})")
        else:
            self.answer(404, "Not found")

    def answer(self, status: int, text: str):
        body = f"<!doctype html><title>Python app</title><h1>{html.escape(text)}</h1>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print(f"listening on {PORT}", flush=True)
ThreadingHTTPServer(("127.0.0.1", PORT), App).serve_forever()
