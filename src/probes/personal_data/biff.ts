// The text of a legacy Excel workbook (BIFF8: Excel 97–2003 .xls, and WPS's .et, which is the same
// format), taken from its Workbook stream as it arrives: the shared string table (SST and its
// CONTINUE records) and the cells that hold their own value (LABEL, RSTRING, the STRING result of a
// formula; NUMBER, RK, MULRK and a formula's cached number). Each value is handed over as UTF-8
// followed by a line break. Numbers are written out only when they are whole and exact in a double
// (up to 2^53, 16 digits): a longer number, such as an 18-digit ID typed as a number, lost its last
// digits when it was saved, and writing it out would make up an identifier. Record layout as in [MS-XLS].

const SST = 0x00fc;
const CONTINUE = 0x003c;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const STRING = 0x0207;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const FORMULA = 0x0006;
const FILEPASS = 0x002f;
const BOF = 0x0809;
const BIFF8 = 0x0600;
const LINE_BREAK = 0x0a;

export type BiffProblem = 'encrypted' | 'not BIFF8' | null;

/** Where the reading of a string of the shared string table is: its header, its characters, or what follows them. */
type Phase = 'count' | 'flags' | 'runs' | 'ext' | 'chars' | 'skip';

export class BiffText {
  /** A record cut by the end of a piece: kept until the rest comes (a record is at most 8,228 bytes). */
  private carry = new Uint8Array(0);
  private inSst = false;
  private phase: Phase = 'count';
  /** Header bytes of a string gathered so far, and how many are needed. */
  private readonly field = new Uint8Array(4);
  private fieldLength = 0;
  private chars = 0;
  private wide = false;
  private rich = false;
  private ext = false;
  private runs = 0;
  private skip = 0;
  private first = true;
  problem: BiffProblem = null;
  /** The FILEPASS record of an encrypted workbook: how it is encrypted, and its password verifier. */
  filePass: Uint8Array | null = null;
  private readonly f64 = new DataView(new ArrayBuffer(8));

  constructor(private readonly emit: (text: Uint8Array) => void) {}

  push(piece: Uint8Array): void {
    let bytes = piece;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + piece.length);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.length);
    }
    let at = 0;
    while (!this.problem && at + 4 <= bytes.length) {
      const type = bytes[at]! | (bytes[at + 1]! << 8);
      const length = bytes[at + 2]! | (bytes[at + 3]! << 8);
      if (at + 4 + length > bytes.length) break;
      this.record(type, bytes.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    this.carry = bytes.slice(at);
  }

  private record(type: number, data: Uint8Array): void {
    if (this.first) {
      this.first = false;
      if (type !== BOF || data.length < 2 || (data[0]! | (data[1]! << 8)) !== BIFF8) this.problem = 'not BIFF8';
      return;
    }
    if (type === CONTINUE && this.inSst) {
      this.sst(data, true);
      return;
    }
    this.inSst = false;
    switch (type) {
      case FILEPASS:
        this.problem = 'encrypted';
        this.filePass = data.slice();
        return;
      case SST:
        this.inSst = true;
        this.phase = 'count';
        this.fieldLength = 0;
        this.sst(data.subarray(8), false);
        return;
      case LABEL:
      case RSTRING:
        this.unicodeString(data, 6);
        return;
      case STRING:
        this.unicodeString(data, 0);
        return;
      case NUMBER:
        if (data.length >= 14) this.number(this.double(data, 6));
        return;
      case FORMULA:
        // A cached string, boolean or error marks its last two bytes 0xFFFF; else they end a number.
        if (data.length >= 14 && !(data[12] === 0xff && data[13] === 0xff)) this.number(this.double(data, 6));
        return;
      case RK:
        if (data.length >= 10) this.number(this.rk(data, 6));
        return;
      case MULRK:
        for (let at = 6; at + 4 <= data.length - 2; at += 6) this.number(this.rk(data, at));
        return;
    }
  }

  /** A cell's own string (XLUnicodeString: count, flags, characters) at `at`. */
  private unicodeString(data: Uint8Array, at: number): void {
    if (at + 3 > data.length) return;
    const count = data[at]! | (data[at + 1]! << 8);
    const wide = (data[at + 2]! & 1) === 1;
    const start = at + 3;
    this.text(data.subarray(start, Math.min(data.length, start + count * (wide ? 2 : 1))), wide);
    this.emit(LINE);
  }

  /**
   * Strings of the shared string table, read on from where the last record left off. A string's
   * characters may go on in the next CONTINUE record, which then starts with a new flags byte (the
   * characters may change width there); its rich-text runs and phonetic data may go on without one.
   */
  private sst(data: Uint8Array, continued: boolean): void {
    let at = 0;
    if (continued && this.phase === 'chars' && this.chars > 0 && data.length > 0) this.wide = (data[at++]! & 1) === 1;
    while (at < data.length) {
      switch (this.phase) {
        case 'count':
        case 'runs':
        case 'ext': {
          const need = this.phase === 'ext' ? 4 : 2;
          while (this.fieldLength < need && at < data.length) this.field[this.fieldLength++] = data[at++]!;
          if (this.fieldLength < need) return;
          const f = this.field;
          const value =
            need === 2 ? f[0]! | (f[1]! << 8) : (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0;
          this.fieldLength = 0;
          if (this.phase === 'count') {
            this.chars = value;
            this.phase = 'flags';
          } else if (this.phase === 'runs') {
            this.runs = value;
            this.phase = this.ext ? 'ext' : 'chars';
          } else {
            this.skip = value;
            this.phase = 'chars';
          }
          break;
        }
        case 'flags': {
          const flags = data[at++]!;
          this.wide = (flags & 1) === 1;
          this.ext = (flags & 4) === 4;
          this.rich = (flags & 8) === 8;
          this.runs = 0;
          this.skip = 0;
          this.phase = this.rich ? 'runs' : this.ext ? 'ext' : 'chars';
          break;
        }
        case 'chars': {
          const width = this.wide ? 2 : 1;
          const take = Math.min(this.chars, Math.floor((data.length - at) / width));
          this.text(data.subarray(at, at + take * width), this.wide);
          at += take * width;
          this.chars -= take;
          if (this.chars > 0) return;
          this.emit(LINE);
          this.skip += this.runs * 4;
          this.phase = 'skip';
          break;
        }
        case 'skip': {
          const take = Math.min(this.skip, data.length - at);
          at += take;
          this.skip -= take;
          if (this.skip === 0) this.phase = 'count';
          break;
        }
      }
    }
    if (this.phase === 'skip' && this.skip === 0) this.phase = 'count';
  }

  /** Characters as UTF-8: UTF-16LE when wide, else one byte each (the low bytes of UTF-16, i.e. Latin-1). */
  private text(bytes: Uint8Array, wide: boolean): void {
    if (bytes.length === 0) return;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const ascii = !wide && view.every((c) => c < 0x80);
    this.emit(ascii ? view : Buffer.from(view.toString(wide ? 'utf16le' : 'latin1'), 'utf8'));
  }

  private double(data: Uint8Array, at: number): number {
    for (let i = 0; i < 8; i++) this.f64.setUint8(i, data[at + i]!);
    return this.f64.getFloat64(0, true);
  }

  /** An RK number: a 30-bit integer or the high 30 bits of a double, either maybe divided by 100. */
  private rk(data: Uint8Array, at: number): number {
    const rk = (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
    let value: number;
    if (rk & 2) value = (rk | 0) >> 2;
    else {
      this.f64.setUint32(0, 0, true);
      this.f64.setUint32(4, rk & 0xfffffffc, true);
      value = this.f64.getFloat64(0, true);
    }
    return rk & 1 ? value / 100 : value;
  }

  private number(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) return;
    this.emit(Buffer.from(`${value}\n`, 'latin1'));
  }
}

const LINE = Uint8Array.of(LINE_BREAK);
