/**
 * The subnet calculator: a CIDR (IPv4 or IPv6, or an address with a dotted netmask) described,
 * split into smaller subnets, an address tested against it, and an address range turned into
 * the CIDR blocks that cover it. The arithmetic is src/net/cidr.ts.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { contains, describeBlock, parseAddress, parseBlock, parseRange, splitBlock } from '../../src/net/cidr.ts';
import { useComputeReport, useHydratedMark } from './compute-report.ts';

export interface CidrCalculatorProps {
	id: string;
	cidr: string;
	/** Prefix length to split into (default: the block's own plus 2). */
	split?: number;
	/** An address to test against the block. */
	check?: string;
	/** An address range to cover with CIDRs. */
	range?: string;
}

const SPLIT_SHOWN = 64;

const count = (n: bigint) => (n < 1_000_000_000_000n ? Number(n).toLocaleString('en-US') : `2^${n.toString(2).length - 1}`);

export default function CidrCalculator(props: CidrCalculatorProps) {
	const root = useRef<HTMLDivElement>(null);
	const [cidr, setCidr] = useState(props.cidr);
	const [splitText, setSplitText] = useState(props.split === undefined ? '' : String(props.split));
	const [check, setCheck] = useState(props.check ?? '');
	const [range, setRange] = useState(props.range ?? '');
	const started = performance.now();
	const parsed = useMemo(() => parseBlock(cidr), [cidr]);
	const info = parsed.ok ? describeBlock(parsed.value) : undefined;
	const bits = parsed.ok ? (parsed.value.family === 4 ? 32 : 128) : 32;
	const defaultSplit = parsed.ok ? Math.min(bits, parsed.value.prefix + 2) : 0;
	const splitPrefix = splitText.trim() === '' ? defaultSplit : Number(splitText.replace(/^\//, ''));
	const split = parsed.ok ? splitBlock(parsed.value, splitPrefix, SPLIT_SHOWN) : undefined;
	const checked = parsed.ok && check.trim() !== '' ? parseAddress(check) : undefined;
	const covered = range.trim() === '' ? undefined : parseRange(range);
	const ms = performance.now() - started;
	useHydratedMark(root);
	useComputeReport(root, ms, [cidr, splitText, check, range]);

	const rows: Array<[string, string | undefined]> = info
		? [
				['网络（CIDR）', info.cidr],
				[info.family === 4 ? '子网掩码' : '前缀长度', info.family === 4 ? `${info.netmask}（/${info.prefix}）` : info.netmask],
				['通配符掩码', info.wildcard],
				['广播地址', info.broadcast],
				['可用地址', `${info.firstUsable} – ${info.lastUsable}`],
				['地址总数', count(info.total)],
				['可用主机数', count(info.usable)],
				['地址类型', info.kind],
				['掩码二进制', info.maskBits],
			]
		: [];
	return (
		<div class="svx cidr not-content" id={props.id} ref={root} data-widget="cidr-calculator">
			<div class="svx-controls">
				<label class="svx-toggle svx-grow">
					<span>地址/前缀</span>
					<input
						type="text"
						value={cidr}
						spellcheck={false}
						autocomplete="off"
						maxLength={100}
						aria-invalid={parsed.ok ? 'false' : 'true'}
						onInput={(e) => setCidr((e.currentTarget as HTMLInputElement).value)}
					/>
				</label>
			</div>
			{!parsed.ok && (
				<p class="svx-error" role="alert">
					{parsed.error}
				</p>
			)}
			{info && (
				<>
					{info.hostBitsSet && (
						<p class="svx-note">
							{info.address} 的主机位不全为 0：它属于网络 {info.cidr}。iptables、ip route 会按网络地址处理；Kubernetes 的 CIDR 字段（如 --service-cluster-ip-range）要求写成网络地址。
						</p>
					)}
					<table class="svx-table">
						<tbody>
							{rows
								.filter(([, v]) => v !== undefined)
								.map(([k, v]) => (
									<tr key={k}>
										<th scope="row">{k}</th>
										<td>
											<code>{v}</code>
										</td>
									</tr>
								))}
						</tbody>
					</table>
					<h4>划分子网</h4>
					<div class="svx-controls">
						<label class="svx-toggle">
							<span>每个子网 /</span>
							<input type="number" min={info.prefix} max={bits} value={splitText === '' ? String(defaultSplit) : splitText} onInput={(e) => setSplitText((e.currentTarget as HTMLInputElement).value)} />
						</label>
					</div>
					{split && !split.ok && <p class="svx-error">{split.error}</p>}
					{split?.ok && (
						<>
							<p class="svx-status">
								{info.cidr} 可以分成 {count(split.value.count)} 个 /{splitPrefix}
								{split.value.count > BigInt(split.value.subnets.length) ? `，下面列出前 ${split.value.subnets.length} 个` : ''}：
							</p>
							<pre class="svx-records cidr-list">{split.value.subnets.join('\n')}</pre>
						</>
					)}
					<h4>地址是否在这个网络里</h4>
					<div class="svx-controls">
						<label class="svx-toggle svx-grow">
							<span>地址</span>
							<input type="text" value={check} spellcheck={false} maxLength={100} onInput={(e) => setCheck((e.currentTarget as HTMLInputElement).value)} />
						</label>
					</div>
					{checked && !checked.ok && <p class="svx-error">{checked.error}</p>}
					{checked?.ok && parsed.ok && (
						<p class={contains(parsed.value, checked.value) ? 'svx-ok' : 'svx-status'} aria-live="polite">
							{check.trim()} {contains(parsed.value, checked.value) ? '在' : '不在'} {info.cidr} 里。
						</p>
					)}
				</>
			)}
			<h4>地址范围转 CIDR</h4>
			<div class="svx-controls">
				<label class="svx-toggle svx-grow">
					<span>起始-结束</span>
					<input type="text" value={range} spellcheck={false} maxLength={200} onInput={(e) => setRange((e.currentTarget as HTMLInputElement).value)} />
				</label>
			</div>
			{covered && !covered.ok && <p class="svx-error">{covered.error}</p>}
			{covered?.ok && (
				<>
					<p class="svx-status">
						最少需要 {covered.value.length} 个 CIDR{covered.value.length > SPLIT_SHOWN ? `，下面列出前 ${SPLIT_SHOWN} 个` : ''}：
					</p>
					<pre class="svx-records cidr-list">{covered.value.slice(0, SPLIT_SHOWN).join('\n')}</pre>
				</>
			)}
		</div>
	);
}
