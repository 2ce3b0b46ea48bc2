/*!40101 SET NAMES binary*/;
DROP TABLE IF EXISTS `order_summary`;
DROP VIEW IF EXISTS `order_summary`;
CREATE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `order_summary` AS SELECT `c`.`name` AS `name`, COUNT(`o`.`id`) AS `orders`, SUM(`o`.`total`) AS `total` FROM `customers` `c` LEFT JOIN `orders` `o` ON `o`.`customer_id` = `c`.`id` GROUP BY `c`.`name`;
