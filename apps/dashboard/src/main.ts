/** Entry point of the built app (dist/app.js). */
import './app.js';
