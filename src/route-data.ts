import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { lastCommitDate } from './utils/git-dates.ts';

export const onRequest = defineRouteMiddleware((context) => {
	const route = context.locals.starlightRoute;
	// A date in frontmatter wins and `lastUpdated: false` turns it off; otherwise the note's last
	// commit (Starlight's own lookup only sees src/content/docs/).
	if (!route.lastUpdated && route.entry.data.lastUpdated !== false && route.entry.filePath) {
		route.lastUpdated = lastCommitDate(route.entry.filePath);
	}
});
