import { AVAILABILITY_ZONE } from '../kit/devstack.js';
import type { Attachment, Volume, VolumeStore } from './volumes.js';

export function volumeBody(base: string, volume: Volume, store: VolumeStore): Record<string, unknown> {
  return {
    id: volume.id,
    name: volume.name,
    description: volume.description,
    status: volume.status,
    size: volume.size,
    availability_zone: AVAILABILITY_ZONE,
    bootable: 'false',
    encrypted: false,
    multiattach: false,
    volume_type: 'lvmdriver-1',
    snapshot_id: null,
    source_volid: null,
    consistencygroup_id: null,
    replication_status: null,
    migration_status: null,
    metadata: {},
    user_id: volume.user_id,
    'os-vol-tenant-attr:tenant_id': volume.project_id,
    attachments: store.attachments(volume.id).filter((a) => a.status === 'attached').map((a) => ({ id: volume.id, attachment_id: a.id, volume_id: volume.id, server_id: a.instance, host_name: null, device: '/dev/vdb', attached_at: a.attached_at })),
    created_at: volume.created_at,
    updated_at: volume.updated_at,
    links: [{ rel: 'self', href: `${base}/volumes/${volume.id}` }],
  };
}

export function attachmentBody(attachment: Attachment): Record<string, unknown> {
  const connected = attachment.connector !== null;
  return {
    id: attachment.id,
    status: attachment.status,
    instance: attachment.instance,
    volume_id: attachment.volume_id,
    attach_mode: attachment.attach_mode,
    attached_at: attachment.attached_at,
    detached_at: null,
    connection_info: connected ? { driver_volume_type: 'iscsi', data: { target_iqn: `iqn.2010-10.org.openstack:volume-${attachment.volume_id}`, target_portal: '127.0.0.1:3260', target_lun: 0, access_mode: attachment.attach_mode }, attachment_id: attachment.id } : {},
  };
}
