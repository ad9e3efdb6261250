/** Builds the ops console (app.js, index.html, app.css) into `outdir`: what `npm run build` serves. */
export function buildConsole(outdir: string): void;
