// `check --format github`: GitHub Actions workflow commands. Each exceeded budget and each invalid
// scenario becomes an `::error` annotation on the line of the scenario file that set it, so the
// pull request shows it in place; budgets that hold are plain log lines. The Markdown summary is
// returned separately for $GITHUB_STEP_SUMMARY (the command appends it).
import { budgetWhere, formatCheckMarkdown, verdict, type CheckRun } from './check.js';
import { markdownSection } from './markdown.js';

/** Message text of a workflow command: %, CR and LF are encoded (actions/toolkit's escapeData). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file, title): also `:` and `,`, which separate properties (escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

function annotation(
  level: 'error' | 'warning',
  props: { file: string; line?: number | undefined; col?: number | undefined; title: string },
  message: string,
): string {
  const p = [`file=${escapeProperty(props.file)}`];
  if (props.line !== undefined) p.push(`line=${props.line}`);
  if (props.line !== undefined && props.col !== undefined) p.push(`col=${props.col}`);
  p.push(`title=${escapeProperty(props.title)}`);
  return `::${level} ${p.join(',')}::${escapeData(message)}`;
}

export function formatGithub(run: CheckRun): string {
  const out: string[] = [];
  for (const c of run.checked) {
    for (const r of c.results) {
      const o = r.budget.origin;
      if (r.exceeded) {
        out.push(
          annotation(
            'error',
            {
              file: c.file,
              line: 'flag' in o ? undefined : o.line,
              col: 'flag' in o ? undefined : o.col,
              title: `Budget exceeded: ${r.strategy} ${r.budget.kind}`,
            },
            `${r.message}${'flag' in o ? ` (set by ${o.flag})` : ''}`,
          ),
        );
      } else {
        // A plain line must stay one line: a newline in a file name could otherwise start a command.
        out.push(`ok: ${oneLine(c.file)}: ${oneLine(r.message)} [${oneLine(budgetWhere(c.file, r))}]`);
      }
    }
  }
  for (const f of run.failures) {
    const d = f.error.details;
    out.push(
      annotation(
        'error',
        { file: d.file ?? f.file, line: d.line, col: d.col, title: 'Invalid scenario' },
        f.error.message,
      ),
    );
  }
  for (const k of run.skipped) out.push(`skipped: ${oneLine(k.file)}: ${k.reason}`);
  // Old prices are a warning in place on the pricing file, not a line lost in the log.
  for (const s of run.stale ?? []) {
    const message = `${s.kind} ${s.id} is ${s.age_days} days old (as of ${s.as_of}); refresh it before relying on this forecast`;
    out.push(annotation('warning', { file: s.file, title: 'Stale price' }, message));
  }
  out.push(`llmcost check: ${verdict(run)}`);
  return `${out.join('\n')}\n`;
}

/** What goes to $GITHUB_STEP_SUMMARY: the check results, then each scenario's comparison. */
export function githubStepSummary(run: CheckRun): string {
  const parts = [formatCheckMarkdown(run)];
  const named = run.checked.length > 1;
  for (const c of run.checked) parts.push(`${markdownSection(c.report, 3, named ? c.file : undefined)}\n`);
  return `${parts.join('\n')}\n`;
}
