/**
 * X12 dates and times carry no time zone; the gateway reads them as UTC (a partner whose documents
 * are in local time needs a profile option, not a guess here).
 */
export function isoDateTime(date: string, time = ''): string | null {
  const d = date.length === 6 ? `20${date}` : date;
  if (!/^[0-9]{8}$/.test(d)) return null;
  const t = (time.replace(/[^0-9]/g, '') + '000000').slice(0, 6);
  const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** YYYY-MM-DD from CCYYMMDD. */
export function isoDate(date: string): string | null {
  const full = isoDateTime(date);
  return full === null ? null : full.slice(0, 10);
}

/** CCYYMMDD and HHMM from an ISO date-time (UTC). */
export function x12DateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const text = d.toISOString();
  return { date: text.slice(0, 10).replace(/-/g, ''), time: text.slice(11, 16).replace(':', '') };
}
