/**
 * Every attribute key hoptrace writes or reads, in one place. OpenTelemetry semantic-convention
 * keys are used where they exist; OpenStack facts live under the `openstack.` namespace.
 *
 * The analyzer classifies a hop only from these keys, so a span producer that sets them (the
 * shims, the log ingester, a third-party tracer) is understood without further configuration.
 */
export const Attr = {
  // ---- OpenStack (project namespace) ----
  /** This service's local request id (`req-<uuid>`), minted per API request. */
  requestId: 'openstack.request_id',
  /** The inbound global request id, when the caller sent a valid one. */
  globalRequestId: 'openstack.global_request_id',
  /** On client spans: the request id the callee returned in `x-openstack-request-id`. */
  calleeRequestId: 'openstack.callee_request_id',
  /** The operation a user request performs: `boot`, `shelve`, `unshelve`, `delete`, `reboot`, `start`, `stop`, … */
  operation: 'openstack.operation',
  /** Resource ids for joining asynchronous edges (links, never parent-child). */
  instanceUuid: 'openstack.instance_uuid',
  portId: 'openstack.port_id',
  imageId: 'openstack.image_id',
  /** oslo.messaging target details taken from the message body. */
  rpcVersion: 'openstack.rpc.version',
  rpcNamespace: 'openstack.rpc.namespace',
  /** true on the PRODUCER/CONSUMER spans of a fanout cast. */
  rpcFanout: 'openstack.rpc.fanout',
  /** `vm_state` / `task_state` on span events at each transition. */
  vmState: 'openstack.vm_state',
  taskState: 'openstack.task_state',
  /** Where a span came from when it is not a traced hop: `log` for log-built events. */
  source: 'hoptrace.source',
  /** true on hops inferred (not observed) by the log ingester. */
  inferred: 'hoptrace.inferred',
  /** On log-built spans (`hoptrace.source=log`): the record's level, logger, message and origin. */
  logLevel: 'hoptrace.log.level',
  logLogger: 'hoptrace.log.logger',
  /** The message after the context, continuation lines (tracebacks) joined with `\n`. */
  logMessage: 'hoptrace.log.message',
  /** 1-based line number of the record's first line in its file. */
  logLine: 'hoptrace.log.line',
  /** The user and project a log record's request context names. */
  userId: 'openstack.user_id',
  projectId: 'openstack.project_id',
  /** Written by the analyzer's repairs on the copies it adjusts, never by producers: */
  /** the parent span id that was missing when an orphan was attached to the flow's root. */
  orphanOf: 'hoptrace.orphan_of',
  /** the span id of the caller an orphan was re-joined to by request id or message id. */
  rejoinedTo: 'hoptrace.rejoined_to',
  /** microseconds added to a span's times by clock-skew correction. */
  clockSkewUs: 'hoptrace.clock_skew_us',
  /** On spans exported as one Jaeger trace per flow: the flow id, and the span's own trace id when the flow's differs. */
  flowId: 'hoptrace.flow_id',
  originalTraceId: 'hoptrace.original_trace_id',

  // ---- OpenTelemetry semantic conventions ----
  serviceName: 'service.name',
  /** The emitting process (resource attribute; log records print it). */
  processPid: 'process.pid',
  /** The log file a log-built span was read from. */
  logFilePath: 'log.file.path',
  serviceInstanceId: 'service.instance.id',
  hostName: 'host.name',
  httpMethod: 'http.request.method',
  /** The method as sent when `http.request.method` was normalised to `_OTHER`. */
  httpMethodOriginal: 'http.request.method_original',
  httpRoute: 'http.route',
  httpStatusCode: 'http.response.status_code',
  urlPath: 'url.path',
  urlFull: 'url.full',
  urlQuery: 'url.query',
  urlScheme: 'url.scheme',
  /** Low-cardinality URL template on HTTP client spans, e.g. `/v2/images/{image_id}`. */
  urlTemplate: 'url.template',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  clientAddress: 'client.address',
  userAgent: 'user_agent.original',
  errorType: 'error.type',
  /** Deprecated-but-common `rpc.system`; hoptrace writes `oslo_messaging`. */
  rpcSystem: 'rpc.system',
  rpcService: 'rpc.service',
  rpcMethod: 'rpc.method',
  messagingSystem: 'messaging.system',
  messagingOperationName: 'messaging.operation.name',
  messagingOperationType: 'messaging.operation.type',
  messagingDestination: 'messaging.destination.name',
  messagingDestinationTemplate: 'messaging.destination.template',
  messagingMessageId: 'messaging.message.id',
  messagingConversationId: 'messaging.message.conversation_id',
  dbSystem: 'db.system.name',
  dbNamespace: 'db.namespace',
  dbOperation: 'db.operation.name',
  dbCollection: 'db.collection.name',
  peerService: 'peer.service',
} as const;

/**
 * The keys the analyzer reads of every span: to route it into its flow (request ids, instance
 * uuid) and to rebuild its flow (hop kinds, peers, operation names, repairs). A lazily decoded
 * span (collector/otlp/decoded-span.ts) captures them while its attributes are checked, so that
 * `attributeOf` (core/span.ts) answers them without building the span's whole attribute map; and
 * a span whose map was never built is stored by copying its OTLP bytes. So the analyzer builds
 * no map for a span on its way from receiver to store. Any other key builds the map; a key
 * missing here costs time, never correctness.
 */
export const ANALYZER_KEYS: readonly string[] = [
  Attr.requestId, Attr.globalRequestId, Attr.calleeRequestId, Attr.instanceUuid, Attr.operation,
  Attr.rpcSystem, 'rpc.system.name', Attr.rpcMethod, Attr.rpcFanout, Attr.messagingSystem, Attr.messagingDestination, Attr.messagingMessageId,
  Attr.dbSystem, 'db.system', Attr.dbNamespace, 'db.name', Attr.dbOperation, 'db.operation', Attr.dbCollection,
  Attr.httpMethod, Attr.httpRoute, Attr.httpStatusCode, Attr.urlFull, Attr.urlPath, Attr.urlTemplate, Attr.serverAddress, Attr.serverPort, Attr.peerService,
  Attr.inferred, Attr.orphanOf,
];
