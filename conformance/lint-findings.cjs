#!/usr/bin/env node
// Turn one linter's JSON output into findings, one per line:
//   <check-id>\t<Kind namespace/name>\t<message>
// Usage: node lint-findings.cjs <kube-score|kube-linter|polaris> <file.json>
// Exit 2 if the file is not the JSON the tool is expected to print.
'use strict';
const fs = require('fs');
const [tool, file] = process.argv.slice(2);
let doc;
try {
  doc = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`${tool}: output is not JSON: ${e.message}`);
  process.exit(2);
}
const out = [];
const clean = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
const ref = (kind, ns, name) => `${kind} ${ns ? ns + '/' : ''}${name}`;

if (tool === 'kube-score') {
  // JSON v2: [{object_name, type_meta, object_meta, checks: [{check:{id}, grade, skipped, comments}]}]
  // Grades: 1 CRITICAL, 5 WARNING, 7 ALMOST_OK, 10 OK. A finding = not skipped and grade <= 5.
  for (const o of doc || []) {
    const r = ref(o.type_meta?.kind, o.object_meta?.namespace, o.object_meta?.name);
    for (const c of o.checks || []) {
      if (c.skipped || c.grade > 5) continue;
      const grade = c.grade <= 1 ? 'CRITICAL' : 'WARNING';
      const msgs = (c.comments || []).map((m) => `${m.path ? '(' + m.path + ') ' : ''}${m.summary}`);
      out.push([c.check.id, r, `${grade}: ${clean(msgs.join('; ') || c.check.comment)}`]);
    }
  }
} else if (tool === 'kube-linter') {
  // {Reports: [{Check, Diagnostic: {Message}, Object: {K8sObject: {Namespace, Name, GroupVersionKind: {Kind}}}}]}
  for (const rep of doc.Reports || []) {
    const k = rep.Object?.K8sObject || {};
    out.push([rep.Check, ref(k.GroupVersionKind?.Kind, k.Namespace, k.Name), clean(rep.Diagnostic?.Message)]);
  }
} else if (tool === 'polaris') {
  // {Results: [{Kind, Namespace, Name, Results: {id: {ID, Success, Severity, Message}},
  //             PodResult: {Results, ContainerResults: [{Name, Results}]}}]}
  // A finding = Success false with Severity warning or danger (ignore = not counted).
  for (const res of doc.Results || []) {
    const r = ref(res.Kind, res.Namespace, res.Name);
    const sets = [[res.Results, r]];
    if (res.PodResult) {
      sets.push([res.PodResult.Results, r]);
      for (const c of res.PodResult.ContainerResults || []) sets.push([c.Results, `${r} container=${c.Name}`]);
    }
    for (const [set, where] of sets) {
      for (const m of Object.values(set || {})) {
        if (!m || m.Success || !['warning', 'danger'].includes(String(m.Severity))) continue;
        out.push([m.ID, where, `${m.Severity}: ${clean(m.Message)}`]);
      }
    }
  }
} else {
  console.error(`unknown tool ${tool}`);
  process.exit(2);
}
for (const row of out) process.stdout.write(row.join('\t') + '\n');
