/** No host passed the filters (nova.exception.NoValidHost); travels back over RPC by this name. */
export class NoValidHost extends Error {
  override readonly name = 'NoValidHost';
  constructor(reason: string) {
    super(`No valid host was found. ${reason}`);
  }
}
