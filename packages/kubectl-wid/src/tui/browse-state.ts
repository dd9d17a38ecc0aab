/**
 * The keyboard state of the interactive doctor, as a pure reducer: which pane is shown, which
 * finding is selected, the filter, the fix on preview. Effects (running a fix, quitting) are the
 * component's: it reads them off the action it dispatched.
 */

/** What a key press means, whatever terminal sent it (Ink's key flags, or a letter). */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

/** The list, a finding's detail, the filter being typed, the keys, a fix's preview, a fix being applied. */
export type Pane = "list" | "detail" | "filter" | "help" | "preview" | "busy";

export interface BrowseState {
  pane: Pane;
  /** The pane to go back to from help, preview and busy. */
  back: "list" | "detail";
  /** Index of the selected finding among those the filter shows. */
  cursor: number;
  /** First line of the detail pane shown. */
  detailTop: number;
  filter: string;
  /** Whether the fix on preview can be applied (`y`); otherwise any key closes the preview. */
  canApply: boolean;
  /** What the last action did, for the status line. */
  status: string | undefined;
}

export const initialState: BrowseState = { pane: "list", back: "list", cursor: 0, detailTop: 0, filter: "", canApply: false, status: undefined };

export type Action =
  | { type: "move"; by: number }
  | { type: "first" }
  | { type: "last" }
  | { type: "scroll"; by: number }
  | { type: "scrollTo"; end: boolean }
  | { type: "open" }
  | { type: "close" }
  | { type: "filterStart" }
  | { type: "filterType"; text: string }
  | { type: "filterErase" }
  | { type: "filterDone" }
  | { type: "filterClear" }
  | { type: "help" }
  | { type: "quit" }
  /** `f`: the component computes the preview, then dispatches `previewReady`. */
  | { type: "fix" }
  | { type: "previewReady"; canApply: boolean }
  /** `y` on a preview that can be applied: the component applies it, runs the doctor again, then dispatches `done`. */
  | { type: "apply" }
  | { type: "cancel" }
  | { type: "done"; status: string }
  | { type: "none" };

/** Sizes the reducer needs: how many findings the filter shows, and how many rows a page holds. */
export interface Extent {
  count: number;
  page: number;
  /** Lines of the open detail pane. */
  detailLines: number;
}

/** The action a key press asks for in the state it finds. */
export function keyAction(state: BrowseState, k: KeyPress): Action {
  if (k.ctrl && k.input === "c") return { type: "quit" };
  switch (state.pane) {
    case "busy":
      return { type: "none" };
    case "help":
      return { type: "close" };
    case "preview":
      return state.canApply && (k.input === "y" || k.input === "Y") ? { type: "apply" } : { type: "cancel" };
    case "filter":
      if (k.escape) return { type: "filterClear" };
      if (k.return) return { type: "filterDone" };
      if (k.backspace || k.delete) return { type: "filterErase" };
      if (k.upArrow || k.downArrow || k.pageUp || k.pageDown) return listMove(k);
      return k.input && !k.ctrl && printable(k.input) ? { type: "filterType", text: k.input } : { type: "none" };
    case "list":
    case "detail": {
      if (k.input === "q") return { type: "quit" };
      if (k.input === "?") return { type: "help" };
      if (k.input === "/") return { type: "filterStart" };
      if (k.input === "f") return { type: "fix" };
      if (state.pane === "detail") {
        if (k.leftArrow || k.escape || k.backspace || k.input === "h") return { type: "close" };
        if (k.upArrow || k.input === "k") return { type: "scroll", by: -1 };
        if (k.downArrow || k.input === "j") return { type: "scroll", by: 1 };
        if (k.pageUp) return { type: "scroll", by: -Infinity };
        if (k.pageDown || k.input === " ") return { type: "scroll", by: Infinity };
        if (k.home || k.input === "g") return { type: "scrollTo", end: false };
        if (k.end || k.input === "G") return { type: "scrollTo", end: true };
        return { type: "none" };
      }
      if (k.return || k.rightArrow || k.input === "l") return { type: "open" };
      if (k.escape) return state.filter ? { type: "filterClear" } : { type: "none" };
      if (k.home || k.input === "g") return { type: "first" };
      if (k.end || k.input === "G") return { type: "last" };
      return listMove(k);
    }
  }
}

function listMove(k: KeyPress): Action {
  if (k.upArrow || k.input === "k") return { type: "move", by: -1 };
  if (k.downArrow || k.input === "j") return { type: "move", by: 1 };
  if (k.pageUp) return { type: "move", by: -Infinity };
  if (k.pageDown) return { type: "move", by: Infinity };
  return { type: "none" };
}

// eslint-disable-next-line no-control-regex
const printable = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The next state; `Infinity` moves are a page (a page less one row, so one row stays in view for context). */
export function reduce(state: BrowseState, action: Action, extent: Extent): BrowseState {
  const page = Math.max(1, extent.page - 1);
  const lastIndex = Math.max(0, extent.count - 1);
  switch (action.type) {
    case "move": {
      const by = action.by === Infinity ? page : action.by === -Infinity ? -page : action.by;
      return { ...state, cursor: clamp(state.cursor + by, 0, lastIndex), status: undefined };
    }
    case "first":
      return { ...state, cursor: 0, status: undefined };
    case "last":
      return { ...state, cursor: lastIndex, status: undefined };
    case "scroll": {
      const by = action.by === Infinity ? page : action.by === -Infinity ? -page : action.by;
      return { ...state, detailTop: clamp(state.detailTop + by, 0, Math.max(0, extent.detailLines - extent.page)) };
    }
    case "scrollTo":
      return { ...state, detailTop: action.end ? Math.max(0, extent.detailLines - extent.page) : 0 };
    case "open":
      return extent.count === 0 ? state : { ...state, pane: "detail", detailTop: 0, status: undefined };
    case "close":
      return { ...state, pane: state.pane === "help" ? state.back : "list" };
    case "filterStart":
      return { ...state, pane: "filter", back: "list", status: undefined };
    case "filterType":
      return { ...state, filter: state.filter + action.text, cursor: 0 };
    case "filterErase":
      return { ...state, filter: state.filter.slice(0, -1), cursor: 0 };
    case "filterDone":
      return { ...state, pane: "list" };
    case "filterClear":
      return { ...state, pane: "list", filter: "", cursor: 0 };
    case "help":
      return { ...state, pane: "help", back: backOf(state) };
    case "fix":
      return extent.count === 0 ? state : { ...state, pane: "busy", back: backOf(state), status: "Planning the fix..." };
    case "previewReady":
      return { ...state, pane: "preview", canApply: action.canApply, status: undefined };
    case "apply":
      return { ...state, pane: "busy", status: "Applying the fix..." };
    case "cancel":
      return { ...state, pane: state.back, canApply: false, status: state.canApply ? "Nothing was changed." : undefined };
    case "done":
      // the list again: the finding fixed is gone from it, and the detail would show another one
      return { ...state, pane: "list", back: "list", canApply: false, cursor: clamp(state.cursor, 0, lastIndex), detailTop: 0, status: action.status };
    case "quit":
    case "none":
      return state;
  }
}

function backOf(state: BrowseState): "list" | "detail" {
  return state.pane === "detail" ? "detail" : state.pane === "list" ? "list" : state.back;
}
