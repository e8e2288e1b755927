#!/usr/bin/python3
"""An OpenAI-compatible transcription service over PocketSphinx, for Maskline's tests and small sites.

POST /v1/audio/transcriptions (multipart/form-data: file, model, language, response_format) answers
like OpenAI's API: {"text": ...} or, with response_format=verbose_json, {"language", "duration",
"text", "segments": [{"id", "start", "end", "text"}]}. GET /health answers 200.

PocketSphinx's US-English model (Debian: pocketsphinx-en-us) is a 16 kHz model: audio of any rate
is converted with sox first. One decoder is shared, one decode at a time: the model is loaded once.
Nothing it hears is logged.
"""
import argparse
import array
import email.parser
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pocketsphinx import Decoder

MODEL = os.environ.get("POCKETSPHINX_MODEL", "/usr/share/pocketsphinx/model/en-us")
FRAME_RATE = 100  # PocketSphinx frames per second
SAMPLE_RATE = 16000
WINDOW = 320  # 20 ms of 16 kHz samples: the unit of speech detection
SPEECH_RMS = 300  # about -40 dBFS: a 20 ms window louder than this is speech (telephone silence is far below)
SILENCE_SPLIT = 0.5  # a pause this long (seconds) ends a stretch of speech
PAD = 0.2  # seconds of context kept around each stretch
MAX_UPLOAD = 512 * 1024 * 1024
FILLERS = {"<s>", "</s>", "<sil>", "[NOISE]", "[BREATH]", "[COUGH]", "[SMACK]", "[UH]", "[UM]"}


class Recognizer:
    def __init__(self):
        config = Decoder.default_config()
        config.set_string("-hmm", os.path.join(MODEL, "en-us"))
        config.set_string("-lm", os.path.join(MODEL, "en-us.lm.bin"))
        config.set_string("-dict", os.path.join(MODEL, "cmudict-en-us.dict"))
        config.set_string("-logfn", "/dev/null")
        self.decoder = Decoder(config)
        self.lock = threading.Lock()

    def transcribe(self, pcm16k):
        """Segments (start, end, text; seconds from the start of the audio) of 16 kHz mono 16-bit PCM.

        The audio is cut into stretches of speech at pauses, and each stretch is decoded as one
        utterance: a call's track is mostly silence (the other party talks), and PocketSphinx decodes
        a stretch of speech far better than a long file; its own silence removal also shifts the
        times it reports. Times are the stretch's offset plus the word's.
        """
        segments = []
        with self.lock:
            for start, end in speech_stretches(pcm16k):
                d = self.decoder
                d.start_utt()
                d.process_raw(pcm16k[start * 2:end * 2], False, True)
                d.end_utt()
                words = [s.word.split("(")[0] for s in d.seg() if s.word not in FILLERS and not s.word.startswith("[")]
                if words:
                    segments.append({"id": len(segments), "start": round(start / SAMPLE_RATE, 2),
                                     "end": round(end / SAMPLE_RATE, 2), "text": " ".join(words)})
        return segments


def speech_stretches(pcm16k):
    """(first, last) sample indexes of each stretch of speech, by the energy of 20 ms windows."""
    samples = array.array("h")
    samples.frombytes(pcm16k[:len(pcm16k) - len(pcm16k) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    loud = []
    for i in range(0, len(samples), WINDOW):
        w = samples[i:i + WINDOW]
        loud.append(bool(w) and (sum(x * x for x in w) / len(w)) ** 0.5 > SPEECH_RMS)
    stretches, begin, quiet = [], None, 0
    gap = int(SILENCE_SPLIT * SAMPLE_RATE / WINDOW)
    for n, is_loud in enumerate(loud + [False] * (gap + 1)):
        if is_loud:
            if begin is None:
                begin = n
            quiet = 0
        elif begin is not None:
            quiet += 1
            if quiet > gap:
                stretches.append((begin, n - quiet + 1))
                begin, quiet = None, 0
    pad = int(PAD * SAMPLE_RATE)
    out = []
    for b, e in stretches:
        first, last = max(0, b * WINDOW - pad), min(len(samples), e * WINDOW + pad)
        if last - first >= int(0.3 * SAMPLE_RATE):
            out.append((first, last))
    return out


def to_pcm16k(path):
    """Any audio sox reads, as 16 kHz mono 16-bit PCM."""
    r = subprocess.run(["sox", "-q", path, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-"],
                       capture_output=True)
    if r.returncode != 0:
        raise ValueError("cannot read the audio file: " + r.stderr.decode(errors="replace").strip()[:200])
    return r.stdout


class Handler(BaseHTTPRequestHandler):
    recognizer = None
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # requests carry personal data; nothing is logged

    def reply(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message):
        self.reply(status, {"error": {"message": message, "type": "invalid_request_error"}})

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        else:
            self.error(404, "not found")

    def do_POST(self):
        if self.path.split("?")[0] != "/v1/audio/transcriptions":
            return self.error(404, "not found")
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_UPLOAD:
            return self.error(400 if length <= 0 else 413, "a multipart body of at most 512 MiB is required")
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/form-data"):
            return self.error(400, "Content-Type must be multipart/form-data")
        body = self.rfile.read(length)
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
        fields, audio = {}, None
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name == "file":
                audio = part.get_payload(decode=True)
            elif name:
                fields[name] = part.get_payload(decode=True).decode(errors="replace")
        if not audio:
            return self.error(400, "the file field is required")
        language = fields.get("language") or "en"
        if language != "en":
            return self.error(400, "this service transcribes English (en) only")
        fmt = fields.get("response_format", "json")
        with tempfile.NamedTemporaryFile(suffix=".wav") as f:
            f.write(audio)
            f.flush()
            try:
                pcm = to_pcm16k(f.name)
            except ValueError as e:
                return self.error(400, str(e))
        started = time.monotonic()
        segments = self.recognizer.transcribe(pcm)
        text = " ".join(s["text"] for s in segments)
        duration = len(pcm) / 32000.0
        if fmt == "text":
            return self.reply(200, text, "text/plain; charset=utf-8")
        result = {"text": text}
        if fmt == "verbose_json":
            result.update({"task": "transcribe", "language": "en", "duration": round(duration, 2),
                           "segments": segments,
                           "x_processing_seconds": round(time.monotonic() - started, 3)})
        self.reply(200, result)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", default="127.0.0.1:9000", help="address:port (default 127.0.0.1:9000)")
    p.add_argument("--file", help="transcribe this file to standard output and exit (verbose JSON)")
    a = p.parse_args()
    rec = Recognizer()
    if a.file:
        pcm = to_pcm16k(a.file)
        started, cpu = time.monotonic(), time.process_time()
        segments = rec.transcribe(pcm)
        print(json.dumps({"duration": len(pcm) / 32000.0, "seconds": time.monotonic() - started,
                          "cpu_seconds": time.process_time() - cpu,
                          "text": " ".join(s["text"] for s in segments), "segments": segments}))
        return
    host, port = a.listen.rsplit(":", 1)
    Handler.recognizer = rec
    server = ThreadingHTTPServer((host, int(port)), Handler)
    print("transcriber: listening on %s:%s" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
