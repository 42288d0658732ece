/**
 * A ZIP archive (PKWARE APPNOTE 4.3.6: local headers, deflated data, central directory) from
 * files in memory. Small enough to keep here instead of a dependency: the export needs only
 * writing, with deflate and CRC-32 from node:zlib.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	/** Path inside the archive, with forward slashes. */
	path: string;
	data: Uint8Array;
}

/** DOS date and time of `date` (the archive's timestamp for every entry). */
function dosTime(date: Date): { time: number; day: number } {
	return {
		time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
		day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
	};
}

export function zip(entries: ZipEntry[], date = new Date()): Buffer {
	const { time, day } = dosTime(date);
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.path, 'utf8');
		const deflated = deflateRawSync(entry.data, { level: 9 });
		// Stored when deflate does not help (images, already compressed data).
		const stored = deflated.length >= entry.data.length;
		const body = stored ? Buffer.from(entry.data) : deflated;
		const crc = crc32(entry.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed: 2.0
		local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
		local.writeUInt16LE(stored ? 0 : 8, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(day, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(entry.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		locals.push(local, name, body);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(stored ? 0 : 8, 10);
		central.writeUInt16LE(time, 12);
		central.writeUInt16LE(day, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(entry.data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
		central.writeUInt32LE(offset, 42);
		centrals.push(central, name);
		offset += local.length + name.length + body.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** The entries of a ZIP archive (read from its central directory): what `zip` writes, and other plain archives. */
export function unzip(archive: Buffer): ZipEntry[] {
	const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
	const count = archive.readUInt16LE(end + 10);
	let at = archive.readUInt32LE(end + 16);
	const entries: ZipEntry[] = [];
	for (let i = 0; i < count; i++) {
		if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
		const method = archive.readUInt16LE(at + 10);
		const compressed = archive.readUInt32LE(at + 20);
		const nameLength = archive.readUInt16LE(at + 28);
		const extra = archive.readUInt16LE(at + 30);
		const comment = archive.readUInt16LE(at + 32);
		const local = archive.readUInt32LE(at + 42);
		const path = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
		const body = archive.subarray(dataStart, dataStart + compressed);
		entries.push({ path, data: method === 0 ? Buffer.from(body) : inflateRawSync(body) });
		at += 46 + nameLength + extra + comment;
	}
	return entries;
}
