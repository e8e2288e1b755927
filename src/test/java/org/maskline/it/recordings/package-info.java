/**
 * Recording and transcription through the real sandbox (issue 15): phones that speak (espeak-ng's
 * speech, streamed by SIPp as RTP) into a masked call, a real recognizer (PocketSphinx behind
 * {@code scripts/transcriber}), and a Maskline restart in the middle of a recorded call.
 */
package org.maskline.it.recordings;
