/**
 * Recording of masked calls (issue 15): one track per party, collected from Asterisk over ARI.
 *
 * <p>How: when a call whose session asks for it starts talking, {@link org.maskline.recordings.Recorder}
 * writes the recording's row, then puts an ARI snoop channel ({@code spy=in}) on each leg and records
 * each snoop channel. A snoop hears only what its party says, so the two recordings are the two
 * tracks a transcript needs to tell who spoke; snoops produce silence when nobody speaks, so the
 * tracks stay aligned. MixMonitor's {@code r()}/{@code t()} would also give two tracks, but it is a
 * dialplan application that ARI cannot start, and bridge recording mixes both parties into one.
 *
 * <p>Asterisk does the recording, not Maskline: a Maskline that stops mid-call leaves the snoops
 * recording; the next one takes the call over (the router leaves the snoop channels of a call it
 * adopts alone), and {@link org.maskline.recordings.RecordingCollector} finds the row and fetches
 * the finished files when the call has ended, whichever instance saw it end.
 * The collector fetches both files over ARI ({@code /recordings/stored/{name}/file}: Asterisk may be
 * on another host), joins them into one stereo WAV (left: caller, right: callee) in
 * {@code MASKLINE_RECORDINGS_DIR}, deletes Asterisk's copies, and queues the transcription.
 * {@link org.maskline.recordings.RecordingSweeper} deletes recordings after their retention.
 *
 * <p>Recordings are personal data: no log line names what was said, and files are served only
 * through the authenticated API.
 */
package org.maskline.recordings;
