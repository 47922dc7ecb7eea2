import { invalidRequest } from "../../errors.js";

interface StepCall {
  name: string;
  /** The index of the assistant message that made the call. */
  message: number;
}

/**
 * Pairs the tool messages of a chat with the calls they answer, as OpenAI checks them: the calls of a step
 * (the assistant messages in a row that made them) must each get a tool message before the conversation
 * goes on, and a tool message must answer a call of the step just before it. Gemini pairs function
 * responses with the calls before them by position, and refuses the history otherwise with a 400 that
 * names nothing; agate refuses it first, naming the message.
 *
 * Kept lenient where agate can still send a valid history: results in any order (Gemini gets them in the
 * order of the calls), system and developer messages in between (they go to the system instruction), the
 * calls of one step split over consecutive assistant messages (they go as one model turn).
 */
export class ToolCallSteps {
  private readonly calls = new Map<string, StepCall>();
  private readonly unanswered = new Set<string>();
  /** Whether the last message that counts was a tool message: an assistant message then starts a step. */
  private afterResults = false;

  /** An assistant message at `index`, with the ids and names of the calls it made. */
  assistant(index: number, calls: readonly { id: string; function: { name: string } }[]): void {
    if (this.afterResults) this.endStep();
    this.afterResults = false;
    for (const call of calls) {
      this.calls.set(call.id, { name: call.function.name, message: index });
      this.unanswered.add(call.id);
    }
  }

  /** A tool message at `index` answering `callId`: the name of the function it answers. */
  tool(index: number, callId: string): string {
    const call = this.calls.get(callId);
    if (call === undefined) {
      throw invalidRequest(
        `'messages[${index}]': a message with role 'tool' must answer a tool call of the assistant message just before it (or before its other tool messages); '${callId}' is not one of them. Send the assistant message with that call first, or leave this result out.`,
        `messages[${index}].tool_call_id`,
      );
    }
    this.unanswered.delete(callId);
    this.afterResults = true;
    return call.name;
  }

  /** Any other message that goes on with the conversation (user, a legacy function result), or its end. */
  endStep(): void {
    if (this.unanswered.size > 0) {
      const ids = [...this.unanswered];
      const first = Math.min(...ids.map((id) => this.calls.get(id)?.message ?? 0));
      throw invalidRequest(
        `An assistant message with 'tool_calls' must be followed by tool messages answering each 'tool_call_id'. These tool_call_ids have no tool message: ${ids.join(", ")}. Add a message with role 'tool' for each (its output may say the call failed or was skipped).`,
        `messages[${first}].role`,
      );
    }
    this.calls.clear();
    this.afterResults = false;
  }
}
