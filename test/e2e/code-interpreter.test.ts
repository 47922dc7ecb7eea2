import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentRequest } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { startPoolStack } from "../pool/support.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const codeInterpreter = { type: "code_interpreter" as const, container: { type: "auto" as const } };
const outputs = ["code_interpreter_call.outputs" as const];
const ask = { model: "gpt-4o", tools: [codeInterpreter], input: "What is 6 * 7?" };

/**
 * What agate sent Gemini, request by request (the simulator is not reset between the requests of a test: it
 * would forget the signatures it gave).
 */
const upstreamBodies = () =>
  stack.simulator.requests
    .filter((request) => request.kind === "gemini")
    .map((request) => request.body as GenerateContentRequest);

const message = (text: string, phase: "commentary" | "final_answer") => ({
  type: "message",
  id: expect.stringMatching(/^msg_/),
  status: "completed",
  role: "assistant",
  phase,
  content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
});
const call = (over: Record<string, unknown> = {}) => ({
  type: "code_interpreter_call",
  id: expect.stringMatching(/^ci_/),
  status: "completed",
  code: "print(6 * 7)",
  container_id: expect.stringMatching(/^cntr_/),
  outputs: [{ type: "logs", logs: "42\n" }],
  ...over,
});
const answer = (callOver: Record<string, unknown> = {}) => [
  message("Let me work out 6 * 7 with Python.", "commentary"),
  call(callOver),
  message("6 * 7 = 42.", "final_answer"),
];

/** A signature the simulator issued (gpt-4o goes to a Gemini 3 model, which signs its code), not the sentinel. */
const issued = expect.stringMatching(/^[A-Za-z0-9+/]{40,}={0,2}$/);

/** The model turn Gemini gets back for that answer. */
const replayedTurn = (withResults: boolean) => ({
  role: "model",
  parts: [
    { text: "Let me work out 6 * 7 with Python." },
    { executableCode: { language: "PYTHON", code: "print(6 * 7)" }, thoughtSignature: issued },
    ...(withResults ? [{ codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } }] : []),
    { text: "6 * 7 = 42." },
  ],
});

describe("responses with the code_interpreter tool, through the openai SDK", () => {
  it("Gemini runs the code: a code_interpreter_call between the texts, its outputs on include", async () => {
    const response = await client.responses.create({ ...ask, include: outputs });
    expect(upstreamBodies()[0]?.tools).toEqual([{ codeExecution: {} }]);
    expect(response.status).toBe("completed");
    expect(response.output).toEqual(answer());
    expect(response.output_text).toContain("6 * 7 = 42.");
    expect(response.tools).toEqual([codeInterpreter]);
  });

  it("without include the call's outputs are null, as OpenAI's", async () => {
    const response = await client.responses.create(ask);
    expect(response.output).toEqual(answer({ outputs: null }));
  });

  it("streamed: the code interpreter events in OpenAI's order, numbered, and the same final response", async () => {
    const stream = client.responses.stream({ ...ask, include: outputs });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const types = events.map((event) => event.type).filter((type) => type !== "response.output_text.delta");
    const message = [
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ];
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      ...message,
      "response.output_item.added",
      "response.code_interpreter_call.in_progress",
      "response.code_interpreter_call_code.delta",
      "response.code_interpreter_call_code.done",
      "response.code_interpreter_call.interpreting",
      "response.code_interpreter_call.completed",
      "response.output_item.done",
      ...message,
      "response.completed",
    ]);
    const codeEvents = events.filter((event) => event.type.startsWith("response.code_interpreter_call"));
    const itemId = (codeEvents[0] as { item_id: string }).item_id;
    expect(codeEvents.every((event) => "item_id" in event && event.item_id === itemId)).toBe(true);
    expect(codeEvents.every((event) => "output_index" in event && event.output_index === 1)).toBe(true);
    expect(events.find((event) => event.type === "response.code_interpreter_call_code.done")).toMatchObject({
      code: "print(6 * 7)",
    });
    const added = events.find(
      (event) => event.type === "response.output_item.added" && event.item.type === "code_interpreter_call",
    );
    expect(added).toMatchObject({
      output_index: 1,
      item: { id: itemId, status: "in_progress", code: "", outputs: [] },
    });
    // The SDK's final response: the same items (its messages' text parts get a `parsed: null` of its own).
    const final = await stream.finalResponse();
    expect(final.output).toMatchObject(answer({ id: itemId }));
    expect(final.output[1]).toEqual(call({ id: itemId }));
  });

  it("code that raises: the call is failed, its output the traceback, and the answer goes on", async () => {
    const response = await client.responses.create({ ...ask, include: outputs, input: "Compute 1 / 0" });
    expect(response.status).toBe("completed");
    expect(response.output[1]).toMatchObject({
      type: "code_interpreter_call",
      status: "failed",
      code: "print(1 / 0)",
      outputs: [{ type: "logs", logs: expect.stringContaining("ZeroDivisionError: division by zero") }],
    });
  });

  it("stored: GET gives it back, and previous_response_id replays the code and its result to Gemini", async () => {
    const first = await client.responses.create({ ...ask, include: outputs });
    expect((await client.responses.retrieve(first.id)).output).toEqual(first.output);
    const next = await client.responses.create({
      model: "gpt-4o",
      previous_response_id: first.id,
      input: "Thanks!",
    });
    expect(next.status).toBe("completed");
    expect(upstreamBodies().at(-1)?.contents).toEqual([
      { role: "user", parts: [{ text: "What is 6 * 7?" }] },
      replayedTurn(true),
      { role: "user", parts: [{ text: "Thanks!" }] },
    ]);
  });

  it("stored without include: the client sees outputs null, GET too, but Gemini gets the runs' output back", async () => {
    const first = await client.responses.create(ask);
    expect(first.output[1]).toEqual(call({ outputs: null }));
    expect((await client.responses.retrieve(first.id)).output).toEqual(first.output);
    await client.responses.create({ model: "gpt-4o", previous_response_id: first.id, input: "Thanks!" });
    expect(upstreamBodies().at(-1)?.contents[1]).toEqual(replayedTurn(true));
  });

  it("streamed without include, then referenced by id: the store kept the runs' output, the listing shows null", async () => {
    const first = await client.responses.stream(ask).finalResponse();
    const ran = first.output[1] as { id: string; outputs: unknown };
    expect(ran.outputs).toBeNull();
    const next = await client.responses.create({
      model: "gpt-4o",
      input: [
        { role: "user", content: "What is 6 * 7?" },
        { type: "item_reference", id: ran.id },
        { role: "user", content: "Thanks!" },
      ],
    });
    expect(upstreamBodies().at(-1)?.contents[1]?.parts).toContainEqual({
      codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" },
    });
    const listed = await client.responses.inputItems.list(next.id);
    expect(listed.data.find((item) => item.type === "code_interpreter_call")).toEqual(
      call({ outputs: null }),
    );
  });

  it("stateless: the output resent as the next input goes back to Gemini as the model's code and result", async () => {
    const first = await client.responses.create({ ...ask, include: outputs, store: false });
    const next = await client.responses.create({
      model: "gpt-4o",
      store: false,
      tools: [codeInterpreter],
      input: [
        { role: "user", content: "What is 6 * 7?" },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { role: "user", content: "And 7 * 8?" },
      ],
    });
    const body = upstreamBodies().at(-1);
    expect(body?.contents[1]).toEqual(replayedTurn(true));
    expect(next.output[1]).toMatchObject({ type: "code_interpreter_call", code: "print(7 * 8)" });
  });

  it("beside a function tool it is dropped (Gemini refuses both): the functions go alone, the answer comes", async () => {
    const response = await client.responses.create({
      ...ask,
      tools: [
        codeInterpreter,
        {
          type: "function",
          name: "get_weather",
          parameters: { type: "object", properties: {} },
          strict: false,
        },
      ],
    });
    expect(response.status).toBe("completed");
    const tools = upstreamBodies()[0]?.tools as Record<string, unknown>[];
    expect(tools.map((tool) => Object.keys(tool))).toEqual([["functionDeclarations"]]);
    expect(response.output.map((item) => item.type)).toEqual(["message"]);
  });

  it("tool_choice none: the model may use no tool, so it runs no code", async () => {
    const response = await client.responses.create({ ...ask, tool_choice: "none" });
    expect(upstreamBodies()[0]?.tools).toBeUndefined();
    expect(response.output.map((item) => item.type)).toEqual(["message"]);
  });
});

describe("a code run whose answer is cut short (the upstream stream dies)", () => {
  /** The echo's chunks: three of its preface's words, then the code, then its result (reply-builder.ts). */
  const CODE_CHUNK = 4;
  const streamCut = async (afterChunks: number) => {
    stack.simulator.script({ match: { stream: true }, respond: { fault: "cut", afterChunks } });
    const stream = await client.responses.create({ ...ask, include: outputs, stream: true });
    let id = "";
    // The SDK throws at the error event before response.failed: the response is read back from the store.
    const read = async () => {
      for await (const event of stream) if (event.type === "response.created") id = event.response.id;
    };
    await expect(read()).rejects.toThrow(/other side closed/);
    const failed = await client.responses.retrieve(id);
    expect(failed.status).toBe("failed");
    return failed;
  };
  const replayed = async (previous: string) => {
    await client.responses.create({ model: "gpt-4o", previous_response_id: previous, input: "Go on." });
    return upstreamBodies()
      .at(-1)
      ?.contents[1]?.parts?.filter((part) => part.text === undefined);
  };

  it("after its run's result: the call ends as the run did, and the result goes back as it came", async () => {
    const failed = await streamCut(CODE_CHUNK + 1);
    expect(failed.output.find((item) => item.type === "code_interpreter_call")).toMatchObject({
      status: "completed",
      outputs: [{ type: "logs", logs: "42\n" }],
    });
    expect(await replayed(failed.id)).toEqual([
      { executableCode: { language: "PYTHON", code: "print(6 * 7)" }, thoughtSignature: issued },
      { codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } },
    ]);
  });

  it("before it: the call is incomplete, and its code goes back alone, claiming no outcome", async () => {
    const failed = await streamCut(CODE_CHUNK);
    expect(failed.output.find((item) => item.type === "code_interpreter_call")).toMatchObject({
      status: "incomplete",
      outputs: [],
    });
    expect(await replayed(failed.id)).toEqual([
      { executableCode: { language: "PYTHON", code: "print(6 * 7)" }, thoughtSignature: issued },
    ]);
  });
});

describe("Gemini 3's signature on the code it ran comes back on that code", () => {
  const executableCode = () =>
    upstreamBodies()
      .at(-1)
      ?.contents[1]?.parts?.find((part) => part.executableCode !== undefined);
  const resent = (items: unknown[]) => items as OpenAI.Responses.ResponseInputItem[];

  it("stateless with include reasoning.encrypted_content: a reasoning item before the call carries it back for a client that keeps no ids", async () => {
    const first = await client.responses.create({
      ...ask,
      store: false,
      include: [...outputs, "reasoning.encrypted_content"],
    });
    // Gemini 3 signs its answers too: each message has a reasoning item before it (answer-signatures.test.ts).
    const types = first.output.map((item) => item.type);
    const at = types.indexOf("code_interpreter_call");
    expect(types).toEqual([
      "reasoning",
      "message",
      "reasoning",
      "code_interpreter_call",
      "reasoning",
      "message",
    ]);
    expect(first.output[at - 1]).toMatchObject({
      summary: [],
      encrypted_content: expect.stringMatching(/^agate-signature:/),
    });
    // A client that keeps no ids (they would find the signature in agate's store).
    const withoutIds = first.output.map(({ id: _id, ...item }) => item);
    await client.responses.create({
      model: "gpt-4o",
      store: false,
      input: resent([
        { role: "user", content: "What is 6 * 7?" },
        ...withoutIds,
        { role: "user", content: "Thanks" },
      ]),
    });
    expect(executableCode()?.thoughtSignature).toEqual(issued);
  });

  it("stateless without include: the call's id finds it in agate's store", async () => {
    const first = await client.responses.create({ ...ask, store: false, include: outputs });
    expect(first.output.map((item) => item.type)).not.toContain("reasoning");
    await client.responses.create({
      model: "gpt-4o",
      store: false,
      input: resent([
        { role: "user", content: "What is 6 * 7?" },
        ...first.output,
        { role: "user", content: "Thanks" },
      ]),
    });
    expect(executableCode()?.thoughtSignature).toEqual(issued);
  });

  it("lost (a client that keeps neither ids nor reasoning items): the documented sentinel, which Gemini takes", async () => {
    const first = await client.responses.create({ ...ask, store: false, include: outputs });
    const next = await client.responses.create({
      model: "gpt-4o",
      store: false,
      input: resent([
        { role: "user", content: "What is 6 * 7?" },
        ...first.output.map(({ id: _id, ...item }) => item),
        { role: "user", content: "Thanks" },
      ]),
    });
    expect(next.status).toBe("completed");
    expect(executableCode()?.thoughtSignature).toBe("skip_thought_signature_validator");
  });
});

describe("code interpreter through a Cloud Code account", () => {
  it("the envelope carries the tool and the code parts alike", async () => {
    const pool = await startPoolStack({
      accounts: [{ kind: "cloudcode", label: "alpha@cc", refresh_token: "sim-refresh-alpha" }],
    });
    try {
      const response = await pool.client.responses.create({
        ...ask,
        model: "gemini-2.5-flash",
        include: outputs,
      });
      expect(response.output).toEqual(answer());
      const generation = pool.simulator.requests.find((request) => request.path.includes(":generateContent"));
      expect(generation?.body).toMatchObject({ request: { tools: [{ codeExecution: {} }] } });
      const streamed = await pool.client.responses
        .stream({ ...ask, model: "gemini-2.5-flash", include: outputs })
        .finalResponse();
      expect(streamed.output).toMatchObject(answer());
      expect(streamed.output[1]).toEqual(call());
    } finally {
      await pool.close();
    }
  });
});
