/** Figures as the usage page writes them (isomorphic, unit-tested). */

/** `$1,234.56`, small amounts with enough digits to be seen (`$0.000405`). */
export function usd(value: number): string {
	const digits = value !== 0 && Math.abs(value) < 1 ? 6 : 2;
	return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })}`;
}

/** The known cost, with the calls whose cost is unknown said apart (never added as $0). */
export function costText(costUsd: number, unknownCostCalls: number): string {
	if (unknownCostCalls === 0) return usd(costUsd);
	const calls = unknownCostCalls === 1 ? 'call' : 'calls';
	return `${usd(costUsd)} + ${unknownCostCalls.toLocaleString('en-US')} ${calls} of unknown cost`;
}

export function count(value: number): string {
	return value.toLocaleString('en-US');
}

/** "12%" of a whole; "—" when the whole is 0. */
export function share(part: number, whole: number): string {
	if (whole <= 0) return '—';
	const percent = (part / whole) * 100;
	return `${percent < 1 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}
