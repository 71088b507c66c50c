// run.js: POST /lab and its answer, one JSON object a line
// (application/x-ndjson), handed over as each line arrives.

// runExperiment posts body to the lab at base and calls onLine with every
// line of the answer. It resolves to {} when the answer ended, or to
// {error, status} when the lab refused the experiment (its JSON error) or
// could not be reached.
export async function runExperiment(base, body, onLine) {
  let res;
  try {
    res = await fetch(new URL("lab", base), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  } catch (err) {
    return { error: String(err?.message ?? err), status: 0 };
  }
  if (!res.ok || !res.body) return { error: await refusalText(res), status: res.status };
  await readLines(res.body, onLine);
  return {};
}

async function refusalText(res) {
  try {
    return (await res.json()).error ?? "HTTP " + res.status;
  } catch {
    return "HTTP " + res.status;
  }
}

// readLines splits a stream at line ends and parses each line as JSON.
async function readLines(stream, onLine) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    const lines = rest.split("\n");
    rest = lines.pop();
    for (const line of lines) if (line.trim()) onLine(JSON.parse(line));
  }
  if (rest.trim()) onLine(JSON.parse(rest));
}

// bodyOf is the POST /lab body for the form's inputs: the request head
// always (so that the head on the timeline is the one on the screen), the
// bytes as hex, and the pacing.
export function bodyOf(inputs, crlf) {
  const chunk = Math.max(0, Number.parseInt(inputs.chunk, 10) || 0);
  return {
    request: crlf(inputs.request),
    bytes: inputs.bytes,
    chunk,
    requestChunk: inputs.trickle ? chunk : 0,
    pauseMs: Math.max(0, Number.parseInt(inputs.pause, 10) || 0),
  };
}
