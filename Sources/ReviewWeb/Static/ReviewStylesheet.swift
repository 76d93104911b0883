/// `/static/review.css`: the whole look, served as a file because the CSP allows no inline style.
enum ReviewStylesheet {
    static let source = #"""
        :root { --fg: #1d2330; --muted: #5b6475; --line: #d8dce3; --bg: #f7f8fa; --accent: #2457c5;
          --ok: #1d7a3a; --bad: #b3261e; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
        header.top .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
        header.top nav a { margin-right: 1rem; color: var(--muted); text-decoration: none; }
        header.top nav a.active { color: var(--accent); font-weight: 600; }
        form.signout { margin-left: auto; display: flex; gap: .6rem; align-items: center; }
        main { padding: 1rem 1.2rem 3rem; max-width: 1400px; }
        h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef0f4; font-weight: 600; }
        tr.queue-row.selected { outline: 2px solid var(--accent); background: #eef3ff; }
        td.preview { max-width: 28rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        td.rule, td.rules { font-family: ui-monospace, monospace; font-size: .85rem; }
        .status { padding: .05rem .45rem; border-radius: .6rem; font-size: .8rem; background: #e4e7ec; }
        .status.confirmed { background: #d7f0de; color: var(--ok); }
        .status.overturned { background: #fbe0de; color: var(--bad); }
        .status.escalated { background: #fff0c9; color: var(--warn); }
        .notice { padding: .5rem .8rem; border-radius: .3rem; background: #e8f0fe; }
        .notice.error { background: #fbe0de; }
        .notice.warning { background: #fff0c9; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin-bottom: .8rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
        .actions { display: flex; gap: 1rem; align-items: center; }
        .button, button { display: inline-block; padding: .4rem .9rem; border: 1px solid var(--line); border-radius: .3rem;
          background: #fff; color: var(--fg); font: inherit; cursor: pointer; text-decoration: none; }
        .button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
        button.confirm { border-color: var(--ok); color: var(--ok); }
        button.overturn { border-color: var(--bad); color: var(--bad); }
        button.escalate { border-color: var(--warn); color: var(--warn); }
        button:disabled { opacity: .45; cursor: not-allowed; }
        kbd { font: .75rem ui-monospace, monospace; border: 1px solid var(--line); border-radius: .2rem; padding: 0 .25rem; background: #f2f3f5; }
        dl.meta { display: flex; flex-wrap: wrap; gap: .2rem .5rem; font-size: .85rem; margin: .4rem 0; }
        dl.meta dt { color: var(--muted); }
        dl.meta dt::after { content: ":"; }
        dl.meta dd { margin: 0 1rem 0 0; }
        dd.digest { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
        .texts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-top: 1rem; }
        .text-panel h2 { margin-top: .6rem; }
        .text-panel pre { white-space: pre-wrap; word-wrap: break-word; background: #fff; border: 1px solid var(--line);
          padding: .8rem; min-height: 4rem; max-height: 60vh; overflow: auto; font: .92rem/1.5 ui-monospace, monospace; }
        mark { background: #ffe066; padding: 0 .1rem; border-bottom: 2px solid #e0a800; }
        form.decision { margin-top: 1rem; display: grid; grid-template-columns: 2fr 1fr auto; align-items: end; gap: .6rem;
          background: #fff; padding: .8rem; border: 1px solid var(--line); }
        form.decision label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
        form.decision textarea, form.decision input { font: inherit; padding: .3rem; }
        .buttons { display: flex; gap: .6rem; }
        .item-nav { display: flex; gap: 1rem; }
        .item-nav .disabled { color: #a0a6b2; }
        section.login { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 1.5rem; border: 1px solid var(--line); }
        section.login form { display: grid; gap: .6rem; }
        section.login input { font: inherit; padding: .4rem; }
        .hint { color: var(--muted); font-size: .85rem; }
        svg.chart { background: #fff; border: 1px solid var(--line); margin-top: .6rem; }
        svg.chart .track { fill: #eef0f4; }
        svg.chart .bar { fill: var(--ok); }
        svg.chart .bar.low { fill: var(--bad); }
        svg.chart text { font: 12px ui-monospace, monospace; fill: var(--fg); }
        @media (max-width: 900px) { .texts, form.decision { grid-template-columns: 1fr; } }
        """#
}
