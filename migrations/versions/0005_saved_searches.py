"""saved searches, the alerts sent for them, and notifications for one person

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('q', sa.Text(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("frequency IN ('immediate', 'daily', 'off')", name=op.f('ck_saved_searches_frequency')),
    sa.CheckConstraint("kind IN ('need', 'solution')", name=op.f('ck_saved_searches_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_searches_frequency'), ['frequency'], unique=False)

    op.create_table('alert_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('saved_search_id', sa.Integer(), nullable=True),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('listing_kind', sa.String(length=20), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('listing_ref', sa.String(length=80), nullable=False),
    sa.Column('listing_title', sa.String(length=300), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_alert_deliveries_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_alert_deliveries_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'], name=op.f('fk_alert_deliveries_saved_search_id_saved_searches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alert_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_deliveries')),
    sa.UniqueConstraint('need_id', 'listing_kind', 'listing_id', name='uq_alert_deliveries_need_listing'),
    sa.UniqueConstraint('saved_search_id', 'listing_kind', 'listing_id', name='uq_alert_deliveries_search_listing')
    )
    with op.batch_alter_table('alert_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_alert_deliveries_unsent', ['emailed_at', 'frequency'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_deliveries_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_deliveries_saved_search_id'), ['saved_search_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_deliveries_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=300), nullable=True))
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
    # Notifications for one person have no organisation to keep them under.
    op.execute("DELETE FROM notifications WHERE organisation_id IS NULL")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('link')
        batch_op.drop_column('user_id')

    with op.batch_alter_table('alert_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_deliveries_user_id'))
        batch_op.drop_index(batch_op.f('ix_alert_deliveries_saved_search_id'))
        batch_op.drop_index(batch_op.f('ix_alert_deliveries_need_id'))
        batch_op.drop_index('ix_alert_deliveries_unsent')
    op.drop_table('alert_deliveries')
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_frequency'))
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))
    op.drop_table('saved_searches')
