import { UserError } from "@wid/core";

/**
 * Removes the Authenticode signature from a PE image, as `signtool remove` does: the signature
 * covers the file as Node.js shipped it, and injecting wid would leave a signature that no longer
 * matches. The certificate table's directory entry is cleared and, when the certificates are the
 * file's tail (where signing puts them), they are cut off.
 */
export function stripAuthenticode(image: Buffer): Buffer {
  if (image.toString("latin1", 0, 2) !== "MZ") throw new UserError("not a Windows executable (no MZ header)", { hint: "the Node.js package for Windows changed its layout" });
  const pe = image.readUInt32LE(0x3c);
  if (image.toString("latin1", pe, pe + 4) !== "PE\0\0") throw new UserError("not a Windows executable (no PE signature)", { hint: "the Node.js package for Windows changed its layout" });
  const optional = pe + 24;
  const magic = image.readUInt16LE(optional);
  // The data directories follow the optional header's fixed fields: 96 bytes in PE32, 112 in PE32+.
  const directories = optional + (magic === 0x20b ? 112 : 96);
  const certificateEntry = directories + 4 * 8;
  const offset = image.readUInt32LE(certificateEntry);
  const size = image.readUInt32LE(certificateEntry + 4);
  if (offset === 0 || size === 0) return image;
  const out = Buffer.from(offset + size === image.length ? image.subarray(0, offset) : image);
  out.writeUInt32LE(0, certificateEntry);
  out.writeUInt32LE(0, certificateEntry + 4);
  return out;
}
