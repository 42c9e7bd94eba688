export { provideRedis, RedisUnavailableError, type ProvidedRedis } from './provide-redis';
