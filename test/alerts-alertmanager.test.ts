/**
 * Alerts reach a real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by
 * deploy/alertmanager.sh when missing) started on loopback, and read back from its API.
 */
import { describe, expect, it } from 'vitest';
import { createAlerting } from '../analyzer/alert/index.js';
import { CLEAN_BOOT } from '../analyzer/alert/testing/boot-lines.js';
import { ScriptedFlowSource } from '../analyzer/alert/testing/flow-source.js';
import { makeFlow } from '../analyzer/alert/testing/flows.js';
import { useAlertmanager } from './alertmanager.js';
import { waitFor } from './wait-for.js';

const alertmanagerUrl = useAlertmanager();

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  startsAt: string;
  status: { state: string };
}

describe('alerts in a real Alertmanager', () => {
  it('posts each alert to /api/v2/alerts and reads it back with its labels and evidence', async () => {
    const url = alertmanagerUrl();
    const source = new ScriptedFlowSource();
    const alerting = createAlerting({ alertmanager: { url }, publicUrl: 'http://127.0.0.1:16686' }, source);
    const flow = makeFlow('boot', [...CLEAN_BOOT, 'nova-compute db database UPDATE instances']);
    source.emit(flow, 'completed');
    const [raised] = alerting.list();
    const found = await waitFor('the alert in alertmanager', async () => {
      const res = await fetch(`${url}/api/v2/alerts?filter=${encodeURIComponent(`flow_id="${flow.id}"`)}`);
      const alerts = (await res.json()) as GettableAlert[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.labels).toEqual({
      alertname: 'HoptraceForbiddenHop', severity: 'critical', rule: 'invariant/compute-no-database', operation: 'boot',
      flow_id: flow.id, from: 'nova-compute', to: 'database', kind: 'db', hop_operation: 'UPDATE instances',
    });
    expect(found[0]!.annotations).toMatchObject({ alert_id: raised!.id, span_ids: flow.hops[18]!.spanIds.join(','), link: `/api/flows/${flow.id}` });
    expect(found[0]!.generatorURL).toBe(`http://127.0.0.1:16686/api/flows/${flow.id}`);
    expect(found[0]!.status.state).toBe('active');
    // Alertmanager may list the alert before the sender has read its answer and counted it.
    await waitFor('the delivery to be counted', async () => (alerting.stats().alertmanager?.sent === 1 ? true : undefined));
    expect(alerting.stats().alertmanager).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
    await alerting.shutdown();
  });

  it('ends an alert in Alertmanager when late spans resolve it', async () => {
    const url = alertmanagerUrl();
    const alerting = createAlerting({ alertmanager: { url } });
    const partial = makeFlow('boot', CLEAN_BOOT.filter((l) => !l.includes('select_destinations')));
    const query = `${url}/api/v2/alerts?filter=${encodeURIComponent(`flow_id="${partial.id}"`)}`;
    expect(alerting.evaluate(partial, 'completed')).toEqual([expect.objectContaining({ type: 'missing_hop', status: 'firing' })]);
    const firing = await waitFor('the missing-hop alert', async () => {
      const alerts = (await (await fetch(query)).json()) as GettableAlert[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(firing[0]!.labels).toMatchObject({ alertname: 'HoptraceMissingHop', rule: 'model/boot/missing-hop' });
    expect(alerting.evaluate({ ...makeFlow('boot', CLEAN_BOOT), id: partial.id }, 'completed')).toEqual([expect.objectContaining({ status: 'resolved' })]);
    await waitFor('the alert to end', async () => (((await (await fetch(query)).json()) as GettableAlert[]).length === 0 ? true : undefined));
    await waitFor('both deliveries to be counted', async () => (alerting.stats().alertmanager?.sent === 2 ? true : undefined));
    expect(alerting.stats().alertmanager).toMatchObject({ sent: 2, failed: 0 });
    await alerting.shutdown();
  });
});
