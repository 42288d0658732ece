/**
 * Each widget reports what its last recompute cost (data-compute-ms) and how many it made
 * (data-computes) on its root element: the end-to-end tests read them to print the figures.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function useComputeReport(root: RefObject<HTMLElement>, ms: number, result: unknown): void {
	const computes = useRef(0);
	useEffect(() => {
		root.current?.setAttribute('data-compute-ms', ms.toFixed(2));
		root.current?.setAttribute('data-computes', String(++computes.current));
	}, [result]);
}

/** Marks the root `data-hydrated` once the island runs in the browser (tests wait for it). */
export function useHydratedMark(root: RefObject<HTMLElement>): void {
	useEffect(() => {
		root.current?.setAttribute('data-hydrated', '');
	}, []);
}
