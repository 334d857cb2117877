import { DuckDbEventStore } from '../../src/events/store.js';
import { storeContract } from './store-contract.js';

storeContract('DuckDB', (dir) => DuckDbEventStore.open(dir ?? ':memory:'));
