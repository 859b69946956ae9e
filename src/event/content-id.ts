// # Ids of events that carry none
//
// A line that is a plain event (not a search hit with its own `_id`) gets the sha1 of its text as its id, so
// the same event always has the same id whatever file or position it comes from, and alerts built from it
// get the same ids on every run. Hashing every line read costs about as much as a quarter of its JSON.parse,
// and the id is only read when the event ends up in an alert or a sort entry: an event record can take a
// LazyContentId and hash its text on first use.

import * as crypto from "node:crypto";

/** The id of an event without one: sha1 of its text, hex (40 characters). */
export const contentId: (text: string) => string = oneShotSha1() ?? ((text) => crypto.createHash("sha1").update(text).digest("hex"));

/** crypto.hash (Node ≥ 20.12) hashes without building a Hash object: several times cheaper per line. */
function oneShotSha1(): ((text: string) => string) | undefined {
  const hash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
  return typeof hash === "function" ? (text) => hash("sha1", text, "hex") : undefined;
}

/** The content id of a text, hashed when first asked for (the text is let go of then). */
export class LazyContentId {
  private text: string | null;
  private value: string | null = null;

  constructor(text: string) {
    this.text = text;
  }

  get id(): string {
    if (this.value === null) {
      this.value = contentId(this.text ?? "");
      this.text = null;
    }
    return this.value;
  }
}
