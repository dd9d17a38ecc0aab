import { describe, expect, it } from "vitest";
import { initialState, keyAction, reduce, type BrowseState, type Extent, type KeyPress } from "../../src/tui/browse-state.js";

const extent: Extent = { count: 10, page: 4, detailLines: 12 };

/** The state after each key, as the component reduces them. */
function after(keys: (string | Omit<KeyPress, "input">)[], from: BrowseState = initialState, e: Extent = extent): BrowseState {
  return keys.reduce<BrowseState>((s, k) => reduce(s, keyAction(s, typeof k === "string" ? { input: k } : { input: "", ...k }), e), from);
}

describe("the interactive doctor's keys", () => {
  it("moves the selection with the arrows and j/k, within the list", () => {
    expect(after([{ downArrow: true }, "j", "j"]).cursor).toBe(3);
    expect(after([{ downArrow: true }, { upArrow: true }, "k", "k"]).cursor).toBe(0);
    expect(after(Array(20).fill("j")).cursor).toBe(9);
  });

  it("pages by a page less one row, and jumps to the ends with Home/End and g/G", () => {
    expect(after([{ pageDown: true }]).cursor).toBe(3);
    expect(after([{ pageDown: true }, { pageDown: true }, { pageUp: true }]).cursor).toBe(3);
    expect(after([{ end: true }]).cursor).toBe(9);
    expect(after(["G", "g"]).cursor).toBe(0);
    expect(after([{ end: true }, { home: true }]).cursor).toBe(0);
  });

  it("opens the detail with Enter, → or l, scrolls it with the arrows, and goes back with ←, Esc or h", () => {
    for (const open of [{ return: true }, { rightArrow: true }, "l"] as const) expect(after([open]).pane).toBe("detail");
    const detail = after(["j", { return: true }]);
    expect(detail.cursor).toBe(1);
    expect(after(["j", "j", "j"], detail).detailTop).toBe(3);
    expect(after([{ pageDown: true }, { pageDown: true }, { pageDown: true }, { pageDown: true }], detail).detailTop).toBe(8);
    expect(after([{ end: true }], detail).detailTop).toBe(8);
    for (const back of [{ leftArrow: true }, { escape: true }, "h"] as const) expect(after([back], detail)).toMatchObject({ pane: "list", cursor: 1 });
  });

  it("does not open a detail when the filter shows nothing", () => {
    expect(after([{ return: true }], initialState, { ...extent, count: 0 }).pane).toBe("list");
    expect(after(["f"], initialState, { ...extent, count: 0 }).pane).toBe("list");
  });

  it("filters: / starts it, letters (q included) are typed, Backspace erases, Enter keeps it, Esc clears it", () => {
    const typing = after(["j", "j", "/", "s", "h", "q", { backspace: true }]);
    expect(typing).toMatchObject({ pane: "filter", filter: "sh", cursor: 0 });
    expect(after([{ return: true }], typing)).toMatchObject({ pane: "list", filter: "sh" });
    expect(after([{ return: true }, { escape: true }], typing)).toMatchObject({ pane: "list", filter: "" });
    expect(after([{ escape: true }], typing)).toMatchObject({ pane: "list", filter: "" });
  });

  it("shows the keys on ? and goes back to the pane it came from on any key", () => {
    expect(after(["?"]).pane).toBe("help");
    expect(after(["?", "x"]).pane).toBe("list");
    expect(after([{ return: true }, "?", "x"]).pane).toBe("detail");
  });

  it("asks for a fix on f; y applies a fix that can be applied, any other key cancels", () => {
    const fixing = after(["f"]);
    expect(keyAction(initialState, { input: "f" })).toEqual({ type: "fix" });
    expect(fixing.pane).toBe("busy");
    expect(keyAction(fixing, { input: "y" })).toEqual({ type: "none" });
    const preview = reduce(fixing, { type: "previewReady", canApply: true }, extent);
    expect(keyAction(preview, { input: "y" })).toEqual({ type: "apply" });
    expect(keyAction(preview, { input: "n" })).toEqual({ type: "cancel" });
    expect(keyAction(preview, { input: "", return: true })).toEqual({ type: "cancel" });
    expect(after(["n"], preview)).toMatchObject({ pane: "list", status: "Nothing was changed." });
    const applying = after(["y"], preview);
    expect(applying.pane).toBe("busy");
    expect(reduce(applying, { type: "done", status: "Fixed 1 finding" }, { ...extent, count: 0 })).toMatchObject({ pane: "list", cursor: 0, status: "Fixed 1 finding" });
  });

  it("does not apply on y what wid cannot apply: the preview only says why", () => {
    const why = reduce(after(["f"]), { type: "previewReady", canApply: false }, extent);
    expect(keyAction(why, { input: "y" })).toEqual({ type: "cancel" });
    expect(after(["y"], why)).toMatchObject({ pane: "list", status: undefined });
  });

  it("quits on q in the list and the detail, on Ctrl-C anywhere", () => {
    expect(keyAction(initialState, { input: "q" })).toEqual({ type: "quit" });
    expect(keyAction(after([{ return: true }]), { input: "q" })).toEqual({ type: "quit" });
    expect(keyAction(after(["/"]), { input: "q" })).toEqual({ type: "filterType", text: "q" });
    for (const s of [initialState, after(["/"]), after(["?"]), after(["f"])]) expect(keyAction(s, { input: "c", ctrl: true })).toEqual({ type: "quit" });
  });
});
