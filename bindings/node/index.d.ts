// Type declarations of the libeml Node.js binding.

/// <reference types="node" />

/** One mailbox of an address list. */
export interface Address {
    /** The display name, decoded to UTF-8; null when there is none. */
    name: string | null;
    /** The addr-spec ("user@example.com"); empty for an empty group. */
    address: string;
    /** The group the address belongs to; absent outside a group. */
    group?: string;
}

/** A deviation from the RFCs found while parsing or decoding. */
export interface Defect {
    /** The numeric code (eml_defect_code). */
    code: number;
    /** Its symbolic name, e.g. "BASE64_INVALID_CHAR". */
    name: string;
    /** Byte offset into the parsed message. */
    offset: number;
}

/** One header field, unfolded, RFC 2047 words decoded. */
export interface Header {
    name: string;
    value: string;
}

/** One MIME entity, as walk() lists it. */
export interface Part {
    /** Position in walk() order (0 for the message itself). */
    index: number;
    /** Nesting depth below the message (0 for the message). */
    depth: number;
    /** "type/subtype", lowercased, defaults applied. */
    contentType: string;
    /** "attachment", "inline", ... or null. */
    disposition: string | null;
    /** The decoded file name or null. Not safe to use as a path as is. */
    filename: string | null;
    /** The Content-ID without angle brackets, or null. */
    contentId: string | null;
    /** The Content-Transfer-Encoding, lowercased ("7bit" when absent). */
    encoding: string;
    /** Byte offset of the part's header in the message. */
    offset: number;
    /** Transfer-decoded size in bytes; null for multiparts. */
    size: number | null;
    /** Transfer-decoded body; null for multiparts. */
    content: Buffer | null;
    /** Defects recorded on this part. */
    defects: Defect[];
}

/** A file carried by the message. */
export interface Attachment {
    filename: string | null;
    contentType: string;
    contentId: string | null;
    /** True for inline parts (pictures of a multipart/related, parts with
     *  Content-Disposition: inline) that are not the message body. */
    inline: boolean;
    /** Transfer-decoded size in bytes. */
    size: number;
    /** Transfer-decoded bytes. */
    content: Buffer;
    /** The attachment's index in walk() order. */
    part: number;
}

/** A parsed message: plain data, nothing native behind it. */
export interface Message {
    subject: string | null;
    from: Address[];
    to: Address[];
    cc: Address[];
    /** The Date field, or null when absent or not a date. */
    date: Date | null;
    /** The Date field's zone, minutes east of UTC; null without a date. */
    dateOffset: number | null;
    /** The first Message-ID without angle brackets, or null. */
    messageId: string | null;
    /** The body as text: the best text/plain part, else the best
     *  text/html part rendered as text; null when there is neither. */
    text: string | null;
    /** The best text/html part as UTF-8, or null. */
    html: string | null;
    attachments: Attachment[];
    /** Defects of every part, in walk() order. */
    defects: Defect[];
    /** The message header fields in order. */
    headers: Header[];
    /** The number of parts, embedded messages included. */
    readonly partCount: number;
    /** The first header field named name (case-insensitive), or null. */
    header(name: string): string | null;
    /** The first part whose Content-ID is cid ("cid:x", "<x>" or "x"). */
    partByCid(cid: string): Part | null;
    /** Every part in pre-order, embedded messages included. */
    walk(): IterableIterator<Part>;
}

/** One message of a mailbox. */
export interface MboxEntry {
    /** Byte offset of the message (after its From_ line) in the mailbox. */
    offset: number;
    /** The From_ line without its line break; null for text before the first. */
    fromLine: string | null;
    message: Message;
}

export interface MboxOptions {
    /** How quoted From_ lines are read; "auto" (default) detects mboxrd. */
    format?: 'auto' | 'mboxo' | 'mboxrd' | 'mboxcl2';
}

/** A libeml error code: API misuse, a limit, or out of memory. */
export class EmlError extends Error {
    /** The symbolic name, e.g. "EML_ENOMEM". */
    code: string;
    /** The numeric eml_error value. */
    errno: number;
}

/** Parses one message. Malformed input never throws. */
export function parse(input: Buffer | Uint8Array | ArrayBuffer): Message;

/** The messages of an mbox file (a path) or of mbox bytes, in order. */
export function mbox(source: string | URL | Buffer | Uint8Array | ArrayBuffer,
                     options?: MboxOptions): Generator<MboxEntry, void, undefined>;

/** The version of the loaded libeml, "MAJOR.MINOR.PATCH". */
export function version(): string;

/** The file the shared library was loaded from. */
export const libraryPath: string;
