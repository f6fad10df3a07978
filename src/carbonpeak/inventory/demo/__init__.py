"""The ILLUSTRATIVE Liupanshui demo activity data (示意数据): the bundled file read into records
(``dataset``, pure) and loaded into the database with the reference extracts (``service``)."""
