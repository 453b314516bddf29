// The text of a Word or PowerPoint part: Word and PowerPoint split typed text into runs
// (<w:r><w:t>138</w:t></w:r><w:r><w:t>0013…), so the tags between runs are dropped and the ends of
// paragraphs and cells become line breaks. The XML arrives in pieces (as it is inflated) and is read
// in one pass over the bytes that keeps its state between pieces: no piece is joined to the next,
// no tag is copied, only the text is.

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const LINE_FEED = 0x0a;
const [A, B, C, P, R, T, W] = [...'abcprtw'].map((c) => c.charCodeAt(0)) as number[] as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
/** Bytes kept of each tag: enough to tell `/w:tc` and `w:tab` followed by the byte after the name. */
const HEAD = 6;

const isNameByte = (c: number) => c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

/**
 * Whether a tag (`length` bytes from `at`, between `<` and `>`) ends a paragraph or a table cell
 * (`</w:p>`, `</a:p>`, `</w:tc>`, `</a:tc>`) or breaks the line (`<w:br…>`, `<w:cr…>`, `<w:tab…>`, `<a:br…>`).
 */
function isBreak(bytes: Uint8Array, at: number, length: number): boolean {
  // Most tags are told apart by their length or their third byte.
  const closing = bytes[at] === SLASH;
  if (closing ? length !== 4 && length !== 5 : bytes[at + 2] !== B && bytes[at + 2] !== C && bytes[at + 2] !== T)
    return false;
  const ns = bytes[at + +closing];
  if ((ns !== A && ns !== W) || bytes[at + +closing + 1] !== COLON) return false;
  const name = at + +closing + 2;
  const n = length - (name - at);
  if (closing) return (n === 1 && bytes[name] === P) || (n === 2 && bytes[name] === T && bytes[name + 1] === C);
  const ends = (size: number) => n === size || (n > size && !isNameByte(bytes[name + size]!));
  const [first, second] = [bytes[name], bytes[name + 1]];
  if (first === B && second === R) return ends(2);
  if (ns === A) return false;
  if (first === C && second === R) return ends(2);
  return first === T && second === A && bytes[name + 2] === B && ends(3);
}

export class XmlText {
  /** A tag left unfinished at the end of the last piece: its first HEAD bytes, and its length so far. */
  private inTag = false;
  private readonly head = new Uint8Array(HEAD);
  private tagLength = 0;
  /** The text of a piece; reused, as the scanner keeps nothing of what it is given. */
  private out = new Uint8Array(0);
  constructor(private readonly emit: (text: Uint8Array) => void) {}

  push(bytes: Uint8Array): void {
    // One kind of array in the loops below (a Buffer is a subclass): they stay fast.
    const piece = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    // The text is never longer than the piece.
    if (this.out.length < piece.length) this.out = new Uint8Array(piece.length);
    const out = this.out;
    const length = piece.length;
    let n = 0;
    let i = 0;
    if (this.inTag) {
      const head = this.head;
      for (let k = this.tagLength; k < HEAD && k - this.tagLength < length; k++) head[k] = piece[k - this.tagLength]!;
      while (i < length && piece[i] !== GT) i++;
      this.tagLength += i;
      if (i === length) return;
      this.inTag = false;
      i++;
      if (isBreak(head, 0, this.tagLength)) out[n++] = LINE_FEED;
    }
    // Two tight loops, one to the start of a tag and one to its end: most bytes are tags.
    while (i < length) {
      while (i < length) {
        const c = piece[i]!;
        if (c === LT) break;
        out[n++] = c;
        i++;
      }
      if (i === length) break;
      const at = ++i;
      while (i < length && piece[i] !== GT) i++;
      if (i === length) {
        this.inTag = true;
        this.tagLength = i - at;
        this.head.set(piece.subarray(at, Math.min(at + HEAD, length)));
        break;
      }
      if (isBreak(piece, at, i - at)) out[n++] = LINE_FEED;
      i++;
    }
    if (n > 0) this.emit(out.subarray(0, n));
  }
}
