// Compiled with tsc --noEmit --strict by types.test.js: the declarations
// of index.d.ts describe how the binding is used.
import * as fs from 'fs';
import { parse, mbox, version, libraryPath, EmlError, Message, Part, Attachment, Address, Defect } from '..';

const msg: Message = parse(fs.readFileSync('message.eml'));
const subject: string | null = msg.subject;
const from: Address[] = msg.from;
const first: string | undefined = from[0]?.address;
const when: number | null = msg.date ? msg.date.getTime() : null;
const zone: number | null = msg.dateOffset;
const id: string | null = msg.messageId;
const text: string | null = msg.text;
const html: string | null = msg.html;
const files: Attachment[] = msg.attachments;
const bytes: number = files.reduce((n, a) => n + a.content.length + a.size, 0);
const inline: boolean[] = files.map((a) => a.inline);
const logo: Part | null = msg.partByCid('cid:logo');
const depths: number[] = [...msg.walk()].map((p) => p.depth);
const defects: Defect[] = msg.defects;
const names: string[] = defects.map((d) => `${d.name}@${d.offset}#${d.code}`);
const header: string | null = msg.header('Reply-To');
const count: number = msg.partCount;
for (const { offset, fromLine, message } of mbox('box.mbox', { format: 'mboxrd' })) {
    const o: number = offset;
    const l: string | null = fromLine;
    const s: string | null = message.subject;
    void o; void l; void s;
}
const fromBytes = mbox(Buffer.alloc(0)).next();
if (!fromBytes.done) void fromBytes.value.message;
try {
    parse(new Uint8Array(0));
} catch (e) {
    if (e instanceof EmlError) void (e.code + e.errno);
}
const v: string = version() + libraryPath;
void [subject, first, when, zone, id, text, html, bytes, inline, logo, depths, names, header, count, v];
