DROP INDEX `aar_reports_place_year_idx`;--> statement-breakpoint
DROP INDEX `aar_reports_year_idx`;--> statement-breakpoint
ALTER TABLE `aar_reports` ADD `listed` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `aar_reports_listing_idx` ON `aar_reports` (`listed`,`start_date`);--> statement-breakpoint
CREATE INDEX `aar_reports_province_listing_idx` ON `aar_reports` (`listed`,`province_code`,`start_date`);--> statement-breakpoint
CREATE INDEX `aar_reports_years_idx` ON `aar_reports` (`listed`,`year`);