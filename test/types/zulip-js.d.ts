/** zulip-js 2.1.0 ships no types; only what the tests use. */
declare module 'zulip-js' {
  interface ZulipConfig {
    realm?: string;
    username?: string;
    apiKey?: string;
    password?: string;
    zuliprc?: string;
  }
  interface ZulipClient {
    config: ZulipConfig & { apiURL: string };
    callEndpoint(endpoint: string, method?: string, params?: Record<string, unknown>): Promise<any>;
    users: {
      retrieve(params?: Record<string, unknown>): Promise<any>;
      me: { getProfile(): Promise<any> };
    };
  }
  export default function zulipInit(config: ZulipConfig): Promise<ZulipClient>;
}
